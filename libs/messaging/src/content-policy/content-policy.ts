import { Inject, Injectable, Logger } from '@nestjs/common';
import { ErrorCode, EventName, type ContentPolicyRule } from '@chat/contracts';
import { ConversationAccess } from '@chat/conversations';
import { DomainError } from '@chat/domain';
import type { Principal } from '@chat/identity';
import { OutboxWriter } from '@chat/persistence';
import { APP_CONFIG, Metrics, RetryLaterError, type AppConfig } from '@chat/platform';
import { messageEvent } from '../shared/message-events';
import { MessagesRepository } from '../shared/messages.repository';
import { BlockedTerms } from './blocked-terms';
import { askModerationService } from './moderation-service';

/** What a refused fail-closed send is told to wait: the moderation service may be back by then. */
const UNCHECKED_RETRY_AFTER_SECONDS = 5;

/** 422 CONTENT_POLICY_VIOLATION: what the sender is told; the term or the service's reason says why. */
export class ContentPolicyViolationError extends DomainError {
  constructor(rule: ContentPolicyRule, reason: string) {
    super(
      ErrorCode.CONTENT_POLICY_VIOLATION,
      rule === 'blocked-term' ? `The message breaks the content policy: it contains "${reason}", which this server does not allow` : `The message breaks the content policy: ${reason}`,
      'Change the message and send it again',
    );
  }
}

/**
 * The content policy on plaintext message bodies, sends and edits alike (seed 000 FR-005): the
 * blocked terms first (CONTENT_BLOCKED_TERMS, in memory), then the moderation service
 * (CONTENT_MODERATION_URL) when there is one. A refusal is the moderation hook: it commits a
 * `chat.message.policy-refused.v1` event (the audit log records it; tools on the bus see it),
 * counts in `chat_content_policy_refusals_total` and is logged, and the sender gets 422
 * CONTENT_POLICY_VIOLATION with nothing stored. End-to-end encrypted bodies are never read: the
 * server cannot, and a plaintext body sent to an encrypted conversation is not judged either. With
 * neither configured it costs nothing; before a matched term is refused or the service is asked,
 * the membership is read, so only a member's attempt is judged and recorded (anyone else gets the
 * 403 or 404 the send would have).
 */
@Injectable()
export class ContentPolicy {
  private readonly logger = new Logger(ContentPolicy.name);
  private readonly terms: BlockedTerms;

  constructor(
    private readonly access: ConversationAccess,
    private readonly messages: MessagesRepository,
    private readonly outbox: OutboxWriter,
    private readonly metrics: Metrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.terms = new BlockedTerms(config.contentPolicy.blockedTerms);
  }

  /** Resolves when `body` (plaintext, for a new message or an edit of `messageId`) may be stored; throws the refusal otherwise. */
  async assertAllowed({ tenantId, userId }: Principal, conversationId: string, messageId: string | null, body: string): Promise<void> {
    const term = this.terms.find(body);
    const { contentPolicy } = this.config;
    if (term === null && contentPolicy.moderationUrl === null) return;
    // Only a member's body is judged, and never one meant for an end-to-end encrypted conversation:
    // a client that sent it as plaintext by mistake is refused by the send (E2EE_CIPHERTEXT_REQUIRED)
    // without its words reaching the moderation service, a refusal event or the audit log.
    const { conversation } = await this.access.requireMember(tenantId, conversationId, userId);
    if (conversation.e2ee) return;
    if (term !== null) return this.refuse(tenantId, { conversationId, senderId: userId, messageId, rule: 'blocked-term', reason: term });
    const verdict = await askModerationService(contentPolicy, { tenantId, conversationId, senderId: userId, messageId, body });
    if ('unavailable' in verdict) {
      this.metrics.contentModerationFailures.inc();
      this.logger.warn({ event: 'content.moderation.unavailable', problem: verdict.unavailable, failOpen: contentPolicy.moderationFailOpen, tenantId, conversationId }, 'Content moderation service gave no verdict');
      if (contentPolicy.moderationFailOpen) return;
      throw new RetryLaterError(ErrorCode.SERVICE_UNAVAILABLE, 'Messages cannot be checked against the content policy right now, so this one was not stored', UNCHECKED_RETRY_AFTER_SECONDS);
    }
    if (!verdict.allowed) return this.refuse(tenantId, { conversationId, senderId: userId, messageId, rule: 'moderation-service', reason: verdict.reason });
  }

  private async refuse(tenantId: string, refusal: { conversationId: string; senderId: string; messageId: string | null; rule: ContentPolicyRule; reason: string }): Promise<never> {
    await this.messages.transaction((em) => this.outbox.append(em, [messageEvent(EventName.MessagePolicyRefused, tenantId, refusal.conversationId, refusal)]));
    this.metrics.contentPolicyRefusals.inc({ rule: refusal.rule });
    this.logger.warn({ event: 'content.policy.refused', tenantId, ...refusal }, 'Message refused by the content policy');
    throw new ContentPolicyViolationError(refusal.rule, refusal.reason);
  }
}
