import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { MyFeaturesResponse } from '@chat/contracts';
import { FeatureFlags } from '../shared/feature-flags';
import { MyFeaturesQuery } from './my-features.query';

/** Every flag the code knows, evaluated for the caller (what the clients show or hide). */
@QueryHandler(MyFeaturesQuery)
export class MyFeaturesHandler implements IQueryHandler<MyFeaturesQuery> {
  constructor(private readonly features: FeatureFlags) {}

  async execute({ principal }: MyFeaturesQuery): Promise<MyFeaturesResponse> {
    return { features: await this.features.forUser(principal) };
  }
}
