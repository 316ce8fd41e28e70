import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ErrorCode, type BusinessConversation } from '@chat/contracts';
import { DomainError } from '@chat/domain';
import { AgentSeat } from '../shared/agent-seat';
import { BusinessAccess } from '../shared/business-access';
import { BusinessViews } from '../shared/business-views';
import { BusinessesRepository } from '../shared/businesses.repository';
import { AssignConversationCommand } from './assign-conversation.command';

/**
 * An agent claims a conversation of the inbox that waits (no `agentId`, or their own; claiming their
 * own conversation again changes nothing); one another agent has is refused (409
 * CONVERSATION_ALREADY_ASSIGNED), so two agents claiming the same conversation at once never take
 * it from each other: with the business row locked, the second finds it taken. Only the owner's
 * hand-off, naming the agent (themself included), moves a taken seat; the previous agent leaves it.
 * Nobody is given their own conversation with the business (409 AGENT_IS_CUSTOMER).
 */
@CommandHandler(AssignConversationCommand)
export class AssignConversationHandler implements ICommandHandler<AssignConversationCommand> {
  constructor(
    private readonly businesses: BusinessesRepository,
    private readonly access: BusinessAccess,
    private readonly seat: AgentSeat,
    private readonly views: BusinessViews,
  ) {}

  async execute({ principal, businessId, conversationId, agentId }: AssignConversationCommand): Promise<BusinessConversation> {
    // A JSON null is no agentId either.
    const named = agentId ?? null;
    const to = named ?? principal.userId;
    const row = await this.businesses.transaction(async (em) => {
      const business = await this.access.require(principal.tenantId, businessId, em);
      // The owner naming an agent hands it over; anything else is the caller claiming it for themself.
      const handOff = named !== null && business.ownerId === principal.userId;
      if (!handOff) {
        if (to !== principal.userId) this.access.assertOwner(business, principal.userId);
        await this.access.assertInsider(business, principal.userId, em);
      }
      if (!(await this.businesses.isAgent(businessId, to, em))) {
        throw new DomainError(ErrorCode.AGENT_NOT_FOUND, 'Only an agent of the business takes its conversations', 'Add them as an agent first');
      }
      const row = await this.businesses.lockConversation(em, businessId, conversationId);
      if (!row) throw new DomainError(ErrorCode.CONVERSATION_NOT_FOUND, 'No such conversation in this business’s inbox', 'Check the inbox');
      if (row.customerId === to) {
        throw new DomainError(ErrorCode.AGENT_IS_CUSTOMER, 'This agent is the conversation’s customer and cannot serve it', 'Hand it to another agent');
      }
      if (!handOff && row.agentId !== null && row.agentId !== to) {
        throw new DomainError(ErrorCode.CONVERSATION_ALREADY_ASSIGNED, 'Another agent has this conversation', 'Claim one that waits in the inbox, or ask the business’s owner to hand this one over');
      }
      await this.seat.move(em, row, to, principal.userId);
      return row;
    });
    return this.views.conversation((await this.businesses.findConversationOf(businessId, row.customerId))!);
  }
}
