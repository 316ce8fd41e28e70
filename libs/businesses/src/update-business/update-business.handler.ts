import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Business } from '@chat/contracts';
import { APP_CONFIG, type AppConfig } from '@chat/platform';
import { BusinessAccess } from '../shared/business-access';
import { checkedBusinessInput } from '../shared/business-input';
import { BusinessViews } from '../shared/business-views';
import { BusinessesRepository } from '../shared/businesses.repository';
import { WaitingRouting } from '../route-waiting/waiting-routing';
import { UpdateBusinessCommand } from './update-business.command';

/**
 * Name, routing and hours, by the owner. A new name applies to conversations opened from then on;
 * new hours route the conversations waiting in the inbox when the business is open now.
 */
@CommandHandler(UpdateBusinessCommand)
export class UpdateBusinessHandler implements ICommandHandler<UpdateBusinessCommand> {
  constructor(
    private readonly businesses: BusinessesRepository,
    private readonly access: BusinessAccess,
    private readonly views: BusinessViews,
    private readonly waiting: WaitingRouting,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ principal, businessId, input }: UpdateBusinessCommand): Promise<Business> {
    const changes = checkedBusinessInput(input, this.config.limits);
    await this.businesses.transaction(async (em) => {
      const business = await this.access.require(principal.tenantId, businessId, em);
      this.access.assertOwner(business, principal.userId);
      await this.businesses.update(em, business.id, {
        ...(changes.name !== undefined && { name: changes.name }),
        ...(changes.routing !== undefined && { routing: changes.routing }),
        ...(changes.hours !== undefined && { hours: changes.hours }),
      });
    });
    // Open now where it was not: what waited outside the old hours is routed at once.
    if (changes.hours !== undefined) await this.waiting.afterChange(principal.tenantId, businessId, principal.userId);
    return this.views.business((await this.businesses.find(principal.tenantId, businessId))!, principal.userId);
  }
}
