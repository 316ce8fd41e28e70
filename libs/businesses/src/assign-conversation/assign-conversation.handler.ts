import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ErrorCode, type BusinessConversation } from '@chat/contracts';
import { DomainError } from '@chat/domain';
import { AgentSeat } from '../shared/agent-seat';
import { BusinessAccess } from '../shared/business-access';
import { BusinessViews } from '../shared/business-views';
import { BusinessesRepository } from '../shared/businesses.repository';
import { AssignConversationCommand } from './assign-conversation.command';

/** An agent claims a conversation of the inbox; the owner hands one to any agent. The previous agent leaves it. */
@CommandHandler(AssignConversationCommand)
export class AssignConversationHandler implements ICommandHandler<AssignConversationCommand> {
  constructor(
    private readonly businesses: BusinessesRepository,
    private readonly access: BusinessAccess,
    private readonly seat: AgentSeat,
    private readonly views: BusinessViews,
  ) {}

  async execute({ principal, businessId, conversationId, agentId }: AssignConversationCommand): Promise<BusinessConversation> {
    const to = agentId ?? principal.userId;
    const row = await this.businesses.transaction(async (em) => {
      const business = await this.access.require(principal.tenantId, businessId, em);
      if (to === principal.userId) await this.access.assertInsider(business, principal.userId, em);
      else this.access.assertOwner(business, principal.userId);
      if (!(await this.businesses.isAgent(businessId, to, em))) {
        throw new DomainError(ErrorCode.AGENT_NOT_FOUND, 'Only an agent of the business takes its conversations', 'Add them as an agent first');
      }
      const row = await this.businesses.lockConversation(em, businessId, conversationId);
      if (!row) throw new DomainError(ErrorCode.CONVERSATION_NOT_FOUND, 'No such conversation in this business’s inbox', 'Check the inbox');
      await this.seat.move(em, row, to, principal.userId);
      return row;
    });
    return this.views.conversation((await this.businesses.findConversationOf(businessId, row.customerId))!);
  }
}
