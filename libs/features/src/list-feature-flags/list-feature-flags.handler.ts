import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { FEATURE_KEYS, type FeatureFlagsResponse } from '@chat/contracts';
import { TenantAdmins } from '@chat/identity';
import { FeatureFlagsRepository } from '../shared/feature-flags.repository';
import { flagState } from '../shared/flag-state';
import { ListFeatureFlagsQuery } from './list-feature-flags.query';

/** Every flag the code knows, as the tenant has it (read from the database, not the cache: administrators see what is stored). */
@QueryHandler(ListFeatureFlagsQuery)
export class ListFeatureFlagsHandler implements IQueryHandler<ListFeatureFlagsQuery> {
  constructor(
    private readonly admins: TenantAdmins,
    private readonly repository: FeatureFlagsRepository,
  ) {}

  async execute({ principal }: ListFeatureFlagsQuery): Promise<FeatureFlagsResponse> {
    await this.admins.assertAdmin(principal);
    const stored = await this.repository.load(principal.tenantId);
    return { features: FEATURE_KEYS.map((key) => flagState(key, stored.get(key))) };
  }
}
