import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventName, type ReactionsResponse } from '@chat/contracts';
import { assertCanReact, assertOpen, reactionKey } from '@chat/domain';
import { OutboxWriter } from '@chat/persistence';
import { LoadMonitor, UserRateLimits } from '@chat/platform';
import { DirectContact } from '../shared/direct-contact';
import { MessageAccess } from '../shared/message-access';
import { messageEvent } from '../shared/message-events';
import { MessagesRepository } from '../shared/messages.repository';
import { ChangeReactionCommand } from './change-reaction.command';

/**
 * One reaction per user and emoji. Only a real change is announced, with the counts after it; the answer also says which are mine.
 * Every attempt the load lets through spends one of the user's RATE_LIMIT_REACTIONS_PER_MINUTE first (adding and taking away alike).
 * In a direct conversation whose two people are on either side of a block, adding is refused with
 * CONTACT_BLOCKED (the same words whichever side blocked; nothing written or announced). Taking my
 * own reaction back stays allowed: it only withdraws what I said before the block, as deleting my
 * own message does, and refusing it would leave the blocker unable to undo a reaction to the
 * person they blocked. A closed conversation takes no reaction change either way (409
 * CONVERSATION_CLOSED): its messages stand as they were when it closed.
 */
@CommandHandler(ChangeReactionCommand)
export class ChangeReactionHandler implements ICommandHandler<ChangeReactionCommand> {
  constructor(
    private readonly messages: MessagesRepository,
    private readonly messageAccess: MessageAccess,
    private readonly outbox: OutboxWriter,
    private readonly load: LoadMonitor,
    private readonly rates: UserRateLimits,
    private readonly directContact: DirectContact,
  ) {}

  async execute({ principal, conversationId, messageId, emoji, present }: ChangeReactionCommand): Promise<ReactionsResponse> {
    this.load.assertServing('reactions');
    await this.rates.spend('reactionsPerMinute', principal.userId);
    const key = reactionKey(emoji);
    return this.messages.transaction(async (em) => {
      const { row, conversation } = await this.messageAccess.lockForChange(em, principal, conversationId, messageId);
      assertOpen(conversation);
      if (present) {
        assertCanReact(row);
        await this.directContact.assertOpen(principal.tenantId, principal.userId, conversation, em);
      }
      const changed = await this.messages.setReaction(em, row, principal.userId, key, present);
      const { counts: reactions, mine: myReactions } = (await this.messages.reactions([row.id], principal.userId, em)).get(row.id) ?? { counts: {}, mine: [] };
      if (changed) {
        await this.outbox.append(em, [
          messageEvent(EventName.ReactionChanged, principal.tenantId, conversationId, { conversationId, messageId, seq: row.seq, userId: principal.userId, emoji: key, added: present, reactions }),
        ]);
      }
      return { conversationId, messageId, reactions, myReactions };
    });
  }
}
