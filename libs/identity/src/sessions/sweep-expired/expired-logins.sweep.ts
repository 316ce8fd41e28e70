import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, PeriodicJob, inBatches, type AppConfig } from '@chat/platform';
import { ExpiredLoginsRepository } from './expired-logins.repository';

const SWEEP_INTERVAL_MS = 3_600_000;
/** Rows deleted per statement, so a sweep never holds a long transaction. */
const SWEEP_BATCH = 5_000;
/** Kept this long past expiry, so a clock a little off never takes a row still in use. */
export const EXPIRY_MARGIN_MS = 3_600_000;

export interface SweepOutcome {
  tickets: number;
  refreshTokens: number;
  sessions: number;
}

/**
 * Hourly, where identity's writes run (command, all-in-one): deletes ws tickets an hour past their
 * expiry (used or not), refresh tokens that far past theirs, and the login sessions that ended that
 * long ago, revoked or with every refresh token expired; for tokens and sessions the hour is the
 * access token lifetime when that is longer, so no access token of a deleted session still works. Before, none of these rows was ever deleted. A refresh
 * token presented after it is gone is refused as unknown (TOKEN_REVOKED) rather than as reused:
 * reuse is detected while the token could still have been used, and no longer.
 */
@Injectable()
export class ExpiredLoginsSweep extends PeriodicJob {
  private readonly logger = new Logger(ExpiredLoginsSweep.name);

  constructor(
    private readonly expired: ExpiredLoginsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super(SWEEP_INTERVAL_MS);
  }

  protected override runOnce(): Promise<unknown> {
    return this.sweep();
  }

  async sweep(now = new Date(), batch = SWEEP_BATCH): Promise<SweepOutcome> {
    const ticketsBefore = new Date(now.getTime() - EXPIRY_MARGIN_MS);
    // An access token outlives the refresh token issued with it when ACCESS_TOKEN_TTL_SECONDS is the longer: its session must stay until then.
    const loginsBefore = new Date(now.getTime() - Math.max(EXPIRY_MARGIN_MS, this.config.auth.accessTokenTtlSeconds * 1000));
    const outcome = {
      tickets: await inBatches(batch, () => this.expired.deleteTickets(ticketsBefore, batch)),
      sessions: await inBatches(batch, () => this.expired.deleteSessions(loginsBefore, batch)),
      refreshTokens: await inBatches(batch, () => this.expired.deleteRefreshTokens(loginsBefore, batch)),
    };
    if (outcome.tickets + outcome.refreshTokens + outcome.sessions > 0) this.logger.log({ event: 'logins.swept', ...outcome }, 'Expired tickets, refresh tokens and ended logins deleted');
    return outcome;
  }
}
