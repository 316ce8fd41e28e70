import { Module } from '@nestjs/common';
import { IdentityModule } from '../../identity.module';
import { ProfileRefreshJob } from './profile-refresh.job';

/**
 * The periodic refresh of stale profiles from the main service (ProfileRefreshJob). Its own module,
 * apart from IdentityModule, so it runs only in the apps that own identity's writes (command,
 * all-in-one), not in every app that authenticates.
 */
@Module({
  imports: [IdentityModule],
  providers: [ProfileRefreshJob],
  exports: [ProfileRefreshJob],
})
export class ProfileRefreshModule {}
