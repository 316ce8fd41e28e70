import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { exclusivePass } from '@chat/persistence';
import { APP_CONFIG, CLOCK, PeriodicJob, PROFILE_CACHE, type AppConfig, type Clock, type ProfileCache } from '@chat/platform';
import { SsoRepository } from '../../sso/sso.repository';
import { ProfileSourceError } from '../profile-source.client';
import { ProfileSync, type ProfileSyncResult } from '../profile-sync';

/** One replica at a time; the others skip the pass. */
const LOCK_KEY = 'profile-refresh';
/** Subjects read per query. */
const PAGE = 500;

/**
 * Every PROFILE_REFRESH_INTERVAL_SECONDS where identity's writes run (command, all-in-one): the
 * subjects of active accounts (a login in force: made or renewed within REFRESH_TOKEN_TTL_SECONDS,
 * not ended) whose cached fetch is stale are fetched in batches and applied (ProfileSync). A session
 * advisory lock lets one replica run a pass while the others skip it; two passes would only fetch
 * twice. When the main service fails, the pass stops there (logged and counted by ProfileSync):
 * accounts keep their stale profiles, and the next pass tries again.
 */
@Injectable()
export class ProfileRefreshJob extends PeriodicJob {
  private readonly logger = new Logger(ProfileRefreshJob.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly sso: SsoRepository,
    private readonly sync: ProfileSync,
    @Inject(PROFILE_CACHE) private readonly cache: ProfileCache,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super(config.profileSource.url ? config.profileSource.refreshIntervalMs : null);
  }

  protected override runOnce(): Promise<unknown> {
    return this.run();
  }

  /** One pass now: what it fetched; null when another replica is running one. */
  run(): Promise<ProfileSyncResult | null> {
    return exclusivePass(this.dataSource, LOCK_KEY, () => this.pass());
  }

  private async pass(): Promise<ProfileSyncResult> {
    const total: ProfileSyncResult = { asked: 0, fetched: 0, accountsUpdated: 0 };
    const issuer = this.config.sso.issuerUrl ?? '';
    let after = '';
    for (;;) {
      const page = await this.sso.activeSubjects(issuer, after, PAGE, this.config.auth.refreshTokenTtlSeconds);
      const stale = await this.cache.stale(page, this.clock.now());
      try {
        const done = await this.sync.sync(stale, { force: true });
        total.asked += done.asked;
        total.fetched += done.fetched;
        total.accountsUpdated += done.accountsUpdated;
      } catch (err) {
        // Logged and counted by ProfileSync; asking again at once would only load a service that is down.
        if (err instanceof ProfileSourceError) return total;
        throw err;
      }
      if (page.length < PAGE) break;
      after = page.at(-1)!;
    }
    if (total.asked) this.logger.log({ event: 'profile.refresh.done', ...total }, `Refreshed ${total.asked} stale profile(s)`);
    return total;
  }
}
