import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { v7 as uuidv7 } from 'uuid';
import { EventName, type MessageQuote } from '@chat/contracts';
import { quoteOf } from '@chat/domain';
import { MessageAttachments } from '@chat/media';
import { MessageEntity, OutboxWriter, isMessageIdempotencyViolation } from '@chat/persistence';
import { APP_CONFIG, LoadMonitor, Metrics, ValidationError, assertText, type AppConfig } from '@chat/platform';
import { classifyBody } from '../shared/e2ee-body';
import { messageNotFound } from '../shared/message-access';
import { toMessage } from '../shared/message.mapper';
import { MessageQuotes } from '../shared/message-quotes';
import { MessagesRepository, type NewMessageRow } from '../shared/messages.repository';
import { ContentPolicy } from '../content-policy/content-policy';
import { SendBatcher } from './send-batcher';
import { SendMessageCommand, type SendMessageResult } from './send-message.command';
import { SendRateLimits } from './send-rate-limits';
import { SendRefusal } from './send-refusal';

@CommandHandler(SendMessageCommand)
export class SendMessageHandler implements ICommandHandler<SendMessageCommand> {
  constructor(
    private readonly messages: MessagesRepository,
    private readonly quotes: MessageQuotes,
    private readonly batcher: SendBatcher,
    private readonly refusals: SendRefusal,
    private readonly outbox: OutboxWriter,
    private readonly attachments: MessageAttachments,
    private readonly metrics: Metrics,
    private readonly load: LoadMonitor,
    private readonly rates: SendRateLimits,
    private readonly contentPolicy: ContentPolicy,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ principal, conversationId, input }: SendMessageCommand): Promise<SendMessageResult> {
    this.load.assertServing('messages');
    const keyVersion = this.validate(input);
    // Uploads named by id must be the sender's own; their name, type and size come from the upload.
    const attachments = await this.attachments.resolve(principal, input.attachments ?? []);
    const { tenantId, userId } = principal;
    const refusal = await this.rates.refusal(tenantId, userId);
    if (refusal) {
      // A retry of a message already stored is answered even when the sender (or the tenant) is over the rate.
      const replay = await this.replayOf(principal, conversationId, input.clientMessageId);
      if (replay) return replay;
      throw refusal;
    }
    if (keyVersion === null) await this.contentPolicy.assertAllowed(principal, conversationId, null, input.body);
    const mentions = input.mentions?.length ? await this.members(principal, conversationId, input.mentions) : null;
    const answered = input.replyTo === undefined ? null : await this.answered(principal, conversationId, input.replyTo, input.clientMessageId);
    if (answered && 'replay' in answered) return answered.replay;
    const quote = answered?.quote;
    const row: NewMessageRow = {
      id: uuidv7(),
      tenantId,
      conversationId,
      senderId: userId,
      clientMessageId: input.clientMessageId,
      body: input.body,
      attachments,
      createdAt: new Date(),
      keyVersion,
      replyToSeq: quote?.seq ?? null,
      mentions,
    };
    // The seq is the database's to give: the event carries 0 and the statement writes the real one in.
    const unsequenced = toMessage(Object.assign(new MessageEntity(), row, { seq: 0, editedAt: null, deletedAt: null, version: 1 }), undefined, quote);
    const event = this.outbox.rowFor({ name: EventName.MessageSent, tenantId, aggregateType: 'conversation', aggregateId: conversationId, payload: { message: unsequenced } });
    try {
      const appended = await this.batcher.append(row, event);
      if (appended !== null) {
        this.metrics.messagesSent.inc();
        return { message: this.attachments.withUrls({ ...unsequenced, seq: appended.seq }), created: true, deliverableAtOnce: !appended.behindAudienceChange };
      }
    } catch (err) {
      // A concurrent send with the same clientMessageId won the race to insert.
      if (!isMessageIdempotencyViolation(err)) throw err;
    }
    // Nothing was written: the clientMessageId is taken (answer with that message), an upload may no
    // longer be attached, or SendRefusal says why not (membership, encryption, a block in a direct
    // conversation; read only on a refusal).
    const replay = await this.replayOf(principal, conversationId, input.clientMessageId);
    if (replay) return replay;
    // An upload that expired (unattached past MEDIA_UNATTACHED_TTL_HOURS) or was released by a deletion
    // since it was checked above fails as resolve says: 400, "has expired" or "must be the id of a file you uploaded".
    await this.attachments.resolve(principal, input.attachments ?? []);
    throw await this.refusals.explain(tenantId, userId, conversationId, input.body);
  }

  private async replayOf({ tenantId, userId }: SendMessageCommand['principal'], conversationId: string, clientMessageId: string): Promise<SendMessageResult | null> {
    const stored = await this.messages.findByClientId(conversationId, userId, clientMessageId);
    if (!stored || stored.tenantId !== tenantId) return null;
    const quoteOf = await this.quotes.of([stored]);
    return { message: this.attachments.withUrls(toMessage(stored, undefined, quoteOf(stored))), created: false, deliverableAtOnce: false };
  }

  /**
   * The quote of the message a reply answers, a message of this conversation. One deleted since the
   * sender chose it (a send that waited offline, or raced the deletion) is still answered: the reply
   * is not lost, and quotes it as deleted. When there is none (an unknown id, or its row purged), a
   * retry of a reply already stored is answered with that reply; otherwise the sender is refused as
   * a non-member would be (SendRefusal), and a member with 404 MESSAGE_NOT_FOUND.
   */
  private async answered(principal: SendMessageCommand['principal'], conversationId: string, messageId: string, clientMessageId: string): Promise<{ quote: MessageQuote } | { replay: SendMessageResult }> {
    const answered = await this.messages.inConversation(principal.tenantId, conversationId, messageId);
    if (answered) return { quote: quoteOf(answered.seq, answered) };
    const replay = await this.replayOf(principal, conversationId, clientMessageId);
    if (replay) return { replay };
    throw await this.refusals.unlessNotMember(principal.tenantId, principal.userId, conversationId, messageNotFound());
  }

  /** `mentioned`, once each of them is found a member of the conversation (a 400 naming the first who is not). */
  private async members(principal: SendMessageCommand['principal'], conversationId: string, mentioned: string[]): Promise<string[]> {
    const members = new Set(await this.messages.membersAmong(conversationId, mentioned));
    const stranger = mentioned.findIndex((userId) => !members.has(userId));
    if (stranger === -1) return mentioned;
    const refusal = new ValidationError([{ field: `mentions.${stranger}`, problem: 'must be a member of this conversation' }]);
    throw await this.refusals.unlessNotMember(principal.tenantId, principal.userId, conversationId, refusal);
  }

  /** Answers the body's key version (null for plaintext; see classifyBody). */
  private validate(input: SendMessageCommand['input']): number | null {
    const { attachmentsMax, mentionsMax } = this.config.limits;
    const attachments = input.attachments ?? [];
    const keyVersion = classifyBody(input.body, attachments.length, this.config);
    assertText('clientMessageId', input.clientMessageId, 100);
    if (attachments.length > attachmentsMax) throw new ValidationError([{ field: 'attachments', problem: `must hold at most ${attachmentsMax} items` }]);
    const mentions = input.mentions ?? [];
    if (mentions.length > mentionsMax) throw new ValidationError([{ field: 'mentions', problem: `must name at most ${mentionsMax} members` }]);
    if (new Set(mentions).size < mentions.length) throw new ValidationError([{ field: 'mentions', problem: 'must name each member once' }]);
    attachments.forEach((a, i) => assertText(`attachments.${i}.name`, a.name, 255));
    if (input.body.trim() === '' && attachments.length === 0) throw new ValidationError([{ field: 'body', problem: 'must not be empty without attachments' }]);
    return keyVersion;
  }
}
