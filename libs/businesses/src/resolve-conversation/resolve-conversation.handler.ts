import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ErrorCode, type BusinessConversation } from '@chat/contracts';
import { DomainError } from '@chat/domain';
import { BusinessAccess } from '../shared/business-access';
import { BusinessViews } from '../shared/business-views';
import { BusinessesRepository } from '../shared/businesses.repository';
import { ResolveConversationCommand } from './resolve-conversation.command';

/**
 * An agent (or the owner) resolves a conversation of the inbox: it stops counting toward its agent's
 * load for `least-busy` routing until the customer writes again, which opens it (no write needed:
 * open means no customer message after the seq it was resolved at). Resolving again moves that seq.
 */
@CommandHandler(ResolveConversationCommand)
export class ResolveConversationHandler implements ICommandHandler<ResolveConversationCommand> {
  constructor(
    private readonly businesses: BusinessesRepository,
    private readonly access: BusinessAccess,
    private readonly views: BusinessViews,
  ) {}

  async execute({ principal, businessId, conversationId }: ResolveConversationCommand): Promise<BusinessConversation> {
    const row = await this.businesses.transaction(async (em) => {
      const business = await this.access.require(principal.tenantId, businessId, em);
      await this.access.assertInsider(business, principal.userId, em);
      const row = await this.businesses.lockConversation(em, businessId, conversationId);
      if (!row) throw new DomainError(ErrorCode.CONVERSATION_NOT_FOUND, 'No such conversation in this business’s inbox', 'Check the inbox');
      await this.businesses.resolve(em, conversationId);
      return row;
    });
    return this.views.conversation((await this.businesses.findConversationOf(businessId, row.customerId))!);
  }
}
