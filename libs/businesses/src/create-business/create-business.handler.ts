import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { v7 as uuidv7 } from 'uuid';
import type { Business } from '@chat/contracts';
import { APP_CONFIG, type AppConfig } from '@chat/platform';
import { checkedBusinessInput } from '../shared/business-input';
import { BusinessViews } from '../shared/business-views';
import { BusinessesRepository } from '../shared/businesses.repository';
import { CreateBusinessCommand } from './create-business.command';

/** The creator owns the business and is its first agent. */
@CommandHandler(CreateBusinessCommand)
export class CreateBusinessHandler implements ICommandHandler<CreateBusinessCommand> {
  constructor(
    private readonly businesses: BusinessesRepository,
    private readonly views: BusinessViews,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ principal, input }: CreateBusinessCommand): Promise<Business> {
    const { name, routing, hours } = checkedBusinessInput(input, this.config.limits);
    const id = uuidv7();
    await this.businesses.transaction(async (em) => {
      await this.businesses.insert(em, { id, tenantId: principal.tenantId, name: name!, ownerId: principal.userId, routing: routing ?? 'round-robin', hours: hours ?? null });
      await this.businesses.addAgent(em, principal.tenantId, id, principal.userId);
    });
    return this.views.business((await this.businesses.find(principal.tenantId, id))!, principal.userId);
  }
}
