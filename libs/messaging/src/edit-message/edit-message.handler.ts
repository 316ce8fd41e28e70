import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventName, type Message } from '@chat/contracts';
import { assertCanEdit, assertOpen, envelopeKeyVersion } from '@chat/domain';
import { MessageAttachments } from '@chat/media';
import { OutboxWriter } from '@chat/persistence';
import { APP_CONFIG, UserRateLimits, ValidationError, type AppConfig } from '@chat/platform';
import { DirectContact } from '../shared/direct-contact';
import { classifyBody, e2eeRefusal } from '../shared/e2ee-body';
import { MessageAccess } from '../shared/message-access';
import { messageEvent } from '../shared/message-events';
import { toMessage } from '../shared/message.mapper';
import { MessageQuotes } from '../shared/message-quotes';
import { MessagesRepository } from '../shared/messages.repository';
import { ContentPolicy } from '../content-policy/content-policy';
import { EditMessageCommand } from './edit-message.command';

/**
 * The sender rewrites the body; `version` (when given) must still be current, so an edit never silently overwrites another.
 * Every attempt spends one of the user's RATE_LIMIT_EDITS_PER_MINUTE first, so a script cannot flood the room with updates.
 * In a direct conversation whose two people are on either side of a block, an edit is refused as a
 * send is (CONTACT_BLOCKED, nothing written or announced): otherwise rewriting an earlier message
 * would still put new words before the other. Deleting my own message stays allowed (it only removes).
 * A closed conversation takes no edit (409 CONVERSATION_CLOSED), as it takes no send.
 */
@CommandHandler(EditMessageCommand)
export class EditMessageHandler implements ICommandHandler<EditMessageCommand> {
  constructor(
    private readonly messages: MessagesRepository,
    private readonly quotes: MessageQuotes,
    private readonly messageAccess: MessageAccess,
    private readonly outbox: OutboxWriter,
    private readonly attachments: MessageAttachments,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly rates: UserRateLimits,
    private readonly directContact: DirectContact,
    private readonly contentPolicy: ContentPolicy,
  ) {}

  async execute({ principal, conversationId, messageId, input }: EditMessageCommand): Promise<Message> {
    await this.rates.spend('editsPerMinute', principal.userId);
    // Before the row lock: the moderation service may take CONTENT_MODERATION_TIMEOUT_MS to answer.
    if (envelopeKeyVersion(input.body) === null) await this.contentPolicy.assertAllowed(principal, conversationId, messageId, input.body);
    const message = await this.messages.transaction(async (em) => {
      const { row, conversation } = await this.messageAccess.lockForChange(em, principal, conversationId, messageId);
      classifyBody(input.body, row.attachments.length, this.config);
      assertCanEdit(principal.userId, row, input.version);
      assertOpen(conversation);
      await this.directContact.assertOpen(principal.tenantId, principal.userId, conversation, em);
      const refusal = e2eeRefusal(conversation, input.body);
      if (refusal) throw refusal;
      if (input.body.trim() === '' && row.attachments.length === 0) throw new ValidationError([{ field: 'body', problem: 'must not be empty without attachments' }]);
      const edited = await this.messages.edit(em, row, input.body);
      const [reactions, quoteOf] = await Promise.all([this.messages.reactions([row.id], principal.userId, em), this.quotes.of([edited], em)]);
      const message = toMessage(edited, reactions.get(row.id), quoteOf(edited));
      // The event reaches every reader, so its copy carries no one's own reactions (see Message.myReactions); the answer carries the editor's.
      await this.outbox.append(em, [messageEvent(EventName.MessageEdited, principal.tenantId, conversationId, { message: { ...message, myReactions: [] } })]);
      return message;
    });
    return this.attachments.withUrls(message);
  }
}
