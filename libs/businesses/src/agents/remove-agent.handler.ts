import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ErrorCode } from '@chat/contracts';
import { DomainError } from '@chat/domain';
import { AgentRemoval } from '../shared/agent-removal';
import { BusinessAccess } from '../shared/business-access';
import { BusinessesRepository } from '../shared/businesses.repository';
import { RemoveAgentCommand } from './agent.commands';

/**
 * The owner removes an agent, or an agent leaves on their own (nobody is kept working an inbox
 * they want out of); either way their conversations are routed again (see AgentRemoval).
 */
@CommandHandler(RemoveAgentCommand)
export class RemoveAgentHandler implements ICommandHandler<RemoveAgentCommand> {
  constructor(
    private readonly businesses: BusinessesRepository,
    private readonly access: BusinessAccess,
    private readonly removal: AgentRemoval,
  ) {}

  async execute({ principal, businessId, userId }: RemoveAgentCommand): Promise<void> {
    await this.businesses.transaction(async (em) => {
      const business = await this.access.require(principal.tenantId, businessId, em);
      if (userId !== principal.userId) this.access.assertOwner(business, principal.userId);
      if (!(await this.removal.remove(em, business, userId, principal.userId))) {
        throw new DomainError(ErrorCode.AGENT_NOT_FOUND, 'This user is not an agent of the business', 'See the business’s agentIds');
      }
    });
  }
}
