import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ErrorCode, type Business } from '@chat/contracts';
import { DomainError, assertMayContact } from '@chat/domain';
import { UserBlocksRepository, UsersRepository } from '@chat/identity';
import { APP_CONFIG, type AppConfig } from '@chat/platform';
import { BusinessAccess } from '../shared/business-access';
import { BusinessViews } from '../shared/business-views';
import { BusinessesRepository } from '../shared/businesses.repository';
import { WaitingRouting } from '../route-waiting/waiting-routing';
import { AddAgentCommand } from './agent.commands';

/**
 * The owner adds an agent (again is fine), a user of the tenant whose account is not deleted
 * (USER_NOT_FOUND otherwise) and with no block between the two of them (CONTACT_BLOCKED, as an
 * invitation says: someone who blocked the owner is not put to work for them); at most
 * BUSINESS_AGENTS_MAX. An agent who does not want the work leaves (RemoveAgentHandler). New conversations may go to
 * them at once, and so do the ones waiting in the inbox when the business is open now.
 */
@CommandHandler(AddAgentCommand)
export class AddAgentHandler implements ICommandHandler<AddAgentCommand> {
  constructor(
    private readonly businesses: BusinessesRepository,
    private readonly users: UsersRepository,
    private readonly blocks: UserBlocksRepository,
    private readonly access: BusinessAccess,
    private readonly views: BusinessViews,
    private readonly waiting: WaitingRouting,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ principal, businessId, userId }: AddAgentCommand): Promise<Business> {
    const { business, added } = await this.businesses.transaction(async (em) => {
      const business = await this.access.require(principal.tenantId, businessId, em);
      this.access.assertOwner(business, principal.userId);
      // A deleted account ("Deleted user") is nobody to hand conversations to: 404 as an invitation says.
      if (!(await this.users.findActiveById(principal.tenantId, userId))) throw new DomainError(ErrorCode.USER_NOT_FOUND, 'No such user', 'Check the user id');
      assertMayContact(await this.blocks.between(principal.tenantId, principal.userId, [userId], em), principal.userId, [userId]);
      if (await this.businesses.isAgent(businessId, userId, em)) return { business, added: false };
      const max = this.config.businesses.agentsMax;
      if ((await this.businesses.agentIds(businessId, em)).length >= max) {
        throw new DomainError(ErrorCode.BUSINESS_AGENTS_FULL, `A business has at most ${max} agents`, 'Remove an agent first');
      }
      await this.businesses.addAgent(em, principal.tenantId, businessId, userId);
      return { business, added: true };
    });
    // The first agent (or one more) takes what waited for one.
    if (added) await this.waiting.afterChange(principal.tenantId, businessId, principal.userId);
    return this.views.business(business, principal.userId);
  }
}
