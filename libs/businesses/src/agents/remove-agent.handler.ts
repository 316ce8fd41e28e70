import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ErrorCode } from '@chat/contracts';
import { DomainError } from '@chat/domain';
import { AgentRouter } from '../shared/agent-router';
import { AgentSeat } from '../shared/agent-seat';
import { BusinessAccess } from '../shared/business-access';
import { BusinessesRepository } from '../shared/businesses.repository';
import { RemoveAgentCommand } from './agent.commands';

/**
 * The owner removes an agent: in the same transaction they leave every conversation they had,
 * each of which is routed again to another agent, or waits in the inbox when none can take it.
 */
@CommandHandler(RemoveAgentCommand)
export class RemoveAgentHandler implements ICommandHandler<RemoveAgentCommand> {
  constructor(
    private readonly businesses: BusinessesRepository,
    private readonly access: BusinessAccess,
    private readonly router: AgentRouter,
    private readonly seat: AgentSeat,
  ) {}

  async execute({ principal, businessId, userId }: RemoveAgentCommand): Promise<void> {
    await this.businesses.transaction(async (em) => {
      const business = await this.access.require(principal.tenantId, businessId, em);
      this.access.assertOwner(business, principal.userId);
      if (!(await this.businesses.removeAgent(em, businessId, userId))) {
        throw new DomainError(ErrorCode.AGENT_NOT_FOUND, 'This user is not an agent of the business', 'See the business’s agentIds');
      }
      for (const row of await this.businesses.assignedTo(em, businessId, userId)) {
        await this.seat.move(em, row, await this.router.route(em, business), principal.userId);
      }
    });
  }
}
