import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ErrorCode, EventName, type FavouriteResponse } from '@chat/contracts';
import { DomainError } from '@chat/domain';
import { OutboxWriter } from '@chat/persistence';
import { APP_CONFIG, type AppConfig } from '@chat/platform';
import { ConversationAccess, notFound } from '../shared/conversation-access';
import { ConversationsRepository } from '../shared/conversations.repository';
import { SetFavouriteCommand } from './set-favourite.command';

/**
 * Stars or unstars one of my conversations, for me alone (the event reaches only my devices).
 * Setting it again is a no-op; starring one more than FAVOURITE_CONVERSATIONS_MAX is refused.
 */
@CommandHandler(SetFavouriteCommand)
export class SetFavouriteHandler implements ICommandHandler<SetFavouriteCommand> {
  constructor(
    private readonly conversations: ConversationsRepository,
    private readonly access: ConversationAccess,
    private readonly outbox: OutboxWriter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ principal, conversationId, favourite }: SetFavouriteCommand): Promise<FavouriteResponse> {
    const { tenantId, userId } = principal;
    await this.access.requireMember(tenantId, conversationId, userId);
    return this.conversations.transaction(async (em) => {
      // Only a star can break the cap; taken before the member row, so every starring locks in one order.
      if (favourite) await this.conversations.lockFavourites(em, userId);
      const member = await this.conversations.lockMember(em, tenantId, conversationId, userId);
      if (!member) throw notFound();
      if (member.favourite === favourite) return { favourite };
      const max = this.config.limits.favouriteConversationsMax;
      if (favourite && (await this.conversations.favouriteCount(em, tenantId, userId)) >= max) {
        throw new DomainError(ErrorCode.FAVOURITES_FULL, `You have ${max} favourite conversations already`, 'Unstar one first');
      }
      await this.conversations.updateMember(em, member, { favourite });
      await this.outbox.append(em, [{ name: EventName.MemberFavourited, tenantId, aggregateType: 'conversation', aggregateId: conversationId, payload: { conversationId, userId, favourite } }]);
      return { favourite };
    });
  }
}
