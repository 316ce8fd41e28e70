import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { exclusivePass } from '@chat/persistence';
import { APP_CONFIG, inBatches, type AppConfig } from '@chat/platform';
import { UsersRepository, type StoredMfaSecret } from '../../auth/users.repository';
import { TotpSecretSeal, TotpSecretUnreadableError, ownerOf, type OpenedTotpSecret } from '../totp-secret-seal';

/** One replica works at a time; the others skip (see run). */
const LOCK_KEY = 'mfa-secret-reseal';
/** Below every uuid: the first page starts here. */
const FIRST_ID = '00000000-0000-0000-0000-000000000000';

/**
 * What a pass did: rows moved to the sealing key, and rows it could not move. Only `changed` ones
 * may still need an earlier key (the ones remaining); no configured key opens an `unreadable` one,
 * so dropping a key cannot make it worse.
 */
export interface ResealOutcome {
  sealed: number;
  /** Sealed with no configured key (each is logged with its tenant and user ids). */
  unreadable: number;
  /** Changed while the pass held them (a login re-sealed it, two-step login turned off or enrolled again); the next pass looks again. */
  changed: number;
}

/**
 * Seals every stored TOTP secret still in plaintext and re-seals every one sealed with an earlier
 * key (the key derived from JWT_SECRET once MFA_SECRET_KEY is set, a rotated MFA_SECRET_KEY kept in
 * MFA_SECRET_KEYS_PREVIOUS), for every tenant, once at start-up, so that no account waits for its
 * next login to move: once a pass that started after every app had the new key logs nothing
 * remaining, the earlier key has nothing left to open and may go. It runs beside readiness, not
 * before it, and reads MFA_RESEAL_BATCH_SIZE rows per query. A row is written with the compare-and-set
 * SecondFactor uses, so one that changed since it was read is left as it is. A session advisory
 * lock lets one replica do the pass while the others skip it; if two did run, the compare-and-set
 * still keeps each row's newest value.
 */
@Injectable()
export class MfaSecretResealJob implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(MfaSecretResealJob.name);
  private stopping = false;
  private startupPass: Promise<unknown> | undefined;

  constructor(
    private readonly users: UsersRepository,
    private readonly seal: TotpSecretSeal,
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.startupPass = this.run().catch((err) => this.logger.warn({ err }, 'Re-sealing TOTP secrets failed; the next start tries again'));
  }

  /** Ends the pass after its current page, before the pool it uses closes. */
  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    await this.startupPass;
  }

  /** One pass now; null when another replica is doing it. */
  async run(): Promise<ResealOutcome | null> {
    const outcome = await exclusivePass(this.dataSource, LOCK_KEY, () => this.pass());
    if (outcome === null) this.logger.log('TOTP secrets: another replica is re-sealing them; this one skips the pass');
    return outcome;
  }

  private async pass(): Promise<ResealOutcome> {
    const size = this.config.auth.mfaResealBatchSize;
    const outcome: ResealOutcome = { sealed: 0, unreadable: 0, changed: 0 };
    let afterId = FIRST_ID;
    let stopped = false;
    await inBatches(size, async () => {
      stopped = this.stopping;
      if (stopped) return 0;
      const rows = await this.users.storedMfaSecrets(afterId, size);
      for (const row of rows) await this.reseal(row, outcome);
      afterId = rows.at(-1)?.id ?? afterId;
      return rows.length;
    });
    this.report(outcome, stopped);
    return outcome;
  }

  private async reseal(row: StoredMfaSecret, outcome: ResealOutcome): Promise<void> {
    const opened = this.open(row);
    if (!opened) {
      outcome.unreadable++;
      return;
    }
    if (!opened.stale) return;
    if (await this.users.resealMfaSecret(row.tenantId, row.id, row.mfaSecret, this.seal.seal(opened.secret, ownerOf(row)))) outcome.sealed++;
    else outcome.changed++;
  }

  /** The row's secret, or null (logged, without the stored value) when no configured key opens it. */
  private open(row: StoredMfaSecret): OpenedTotpSecret | null {
    try {
      return this.seal.open(row.mfaSecret, ownerOf(row));
    } catch (error) {
      if (!(error instanceof TotpSecretUnreadableError)) throw error;
      this.logger.error({ event: 'mfa.secret.unreadable', tenantId: row.tenantId, userId: row.id }, 'TOTP secret does not open with any configured key: left as it is, and that account cannot pass two-step login');
      return null;
    }
  }

  private report(outcome: ResealOutcome, stopped: boolean): void {
    const remaining = outcome.changed;
    const line = { event: 'mfa.secrets.resealed', ...outcome, remaining, stopped };
    const unreadable = outcome.unreadable ? `; ${outcome.unreadable} open with no configured key (logged one by one)` : '';
    const message = `TOTP secrets: ${outcome.sealed} sealed with the current key, ${remaining} remaining (changed meanwhile: the next pass looks again)${unreadable}${stopped ? '; stopped by shutdown before the end' : ''}`;
    if (remaining || outcome.unreadable || stopped) this.logger.warn(line, message);
    else this.logger.log(line, message);
  }
}
