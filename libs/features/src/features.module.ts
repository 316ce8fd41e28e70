import { Global, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AuditModule } from '@chat/audit';
import { IdentityModule } from '@chat/identity';
import { AdminFeaturesController, MyFeaturesController } from './features.controller';
import { RequiresFeatureGuard } from './guard/requires-feature.guard';
import { ListFeatureFlagsHandler } from './list-feature-flags/list-feature-flags.handler';
import { MyFeaturesHandler } from './my-features/my-features.handler';
import { FeatureFlags } from './shared/feature-flags';
import { FeatureFlagsRepository } from './shared/feature-flags.repository';
import { UpdateFeatureFlagHandler } from './update-feature-flag/update-feature-flag.handler';

/**
 * Feature flags per tenant and user. Global, so @RequiresFeature routes of any module and the
 * socket gateways find FeatureFlags; every app that serves a gated route or event imports it.
 */
@Global()
@Module({
  imports: [CqrsModule, IdentityModule, AuditModule],
  controllers: [AdminFeaturesController, MyFeaturesController],
  providers: [FeatureFlags, FeatureFlagsRepository, RequiresFeatureGuard, UpdateFeatureFlagHandler, ListFeatureFlagsHandler, MyFeaturesHandler],
  exports: [FeatureFlags, RequiresFeatureGuard],
})
export class FeaturesModule {}
