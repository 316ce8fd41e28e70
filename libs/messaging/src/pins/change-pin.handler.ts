import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ErrorCode, EventName, type PinnedMessage } from '@chat/contracts';
import { DomainError, assertCanManagePins, assertCanPin } from '@chat/domain';
import { OutboxWriter } from '@chat/persistence';
import { APP_CONFIG, UserRateLimits, type AppConfig } from '@chat/platform';
import { MessageAccess } from '../shared/message-access';
import { messageEvent } from '../shared/message-events';
import { MessagesRepository } from '../shared/messages.repository';
import { ChangePinCommand } from './change-pin.command';
import { PinnedMessages } from './pinned-messages';
import { PinsRepository, type StoredPin } from './pins.repository';

/**
 * Pins a message to its conversation or unpins it: every member in a direct conversation or a
 * group, owners and admins in a channel; only a live message is pinned, at most
 * PINNED_MESSAGES_MAX per conversation (409 PINS_FULL). Only a real change is announced
 * (`chat.pin.changed.v1`, with the change in the outbox's transaction); pinning a pinned message
 * answers its pin as it was, unpinning one that is not pinned answers nothing. Every attempt spends
 * one of the user's RATE_LIMIT_PINS_PER_MINUTE first (pinning and unpinning alike).
 */
@CommandHandler(ChangePinCommand)
export class ChangePinHandler implements ICommandHandler<ChangePinCommand> {
  constructor(
    private readonly messages: MessagesRepository,
    private readonly messageAccess: MessageAccess,
    private readonly pins: PinsRepository,
    private readonly pinnedMessages: PinnedMessages,
    private readonly outbox: OutboxWriter,
    private readonly rates: UserRateLimits,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ principal, conversationId, messageId, pinned }: ChangePinCommand): Promise<PinnedMessage | null> {
    await this.rates.spend('pinsPerMinute', principal.userId);
    const pin = await this.messages.transaction(async (em): Promise<StoredPin | null> => {
      const { row, role, conversation } = await this.messageAccess.lockForChange(em, principal, conversationId, messageId, { openBody: false });
      if (!pinned) {
        assertCanManagePins(role, conversation.type);
        if (await this.pins.unpin(em, conversationId, row.seq)) await this.outbox.append(em, [this.changed(principal.tenantId, conversationId, row, principal.userId, false)]);
        return null;
      }
      assertCanPin(role, conversation.type, row);
      const max = this.config.limits.pinnedMessagesMax;
      const result = await this.pins.pin(em, row, principal.userId, max);
      if (!result) throw new DomainError(ErrorCode.PINS_FULL, `This conversation has ${max} pinned messages already`, 'Unpin one first');
      if (result.created) await this.outbox.append(em, [this.changed(principal.tenantId, conversationId, row, principal.userId, true)]);
      return result.pin;
    });
    if (!pin) return null;
    const [answer] = await this.pinnedMessages.of(conversationId, [pin], principal.userId);
    return answer;
  }

  private changed(tenantId: string, conversationId: string, row: { id: string; seq: number }, userId: string, pinned: boolean) {
    return messageEvent(EventName.PinChanged, tenantId, conversationId, { conversationId, messageId: row.id, seq: row.seq, userId, pinned });
  }
}
