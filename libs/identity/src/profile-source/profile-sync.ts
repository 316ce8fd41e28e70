import { Inject, Injectable, Logger } from '@nestjs/common';
import { PROFILE_AVATAR_URL_MAX_CHARS } from '@chat/contracts';
import { APP_CONFIG, CLOCK, PROFILE_CACHE, type AppConfig, type Clock, type ProfileCache } from '@chat/platform';
import type { ProfileFields } from '../auth/users.repository';
import { ProfileWriter } from '../profile/profile-writer';
import { SsoRepository } from '../sso/sso.repository';
import { ProfileSourceClient, ProfileSourceError, type FetchedProfile } from './profile-source.client';
import { ProfileSourceMetrics } from './profile-source.metrics';

/** What one sync did. */
export interface ProfileSyncResult {
  /** Subjects the main service was asked about (those already fresh are not). */
  asked: number;
  /** Of them, those it had a profile for. */
  fetched: number;
  /** Accounts whose name or avatar changed (each announced with `user.updated`). */
  accountsUpdated: number;
}

/**
 * Keeps SSO accounts' names and avatars as the main service says (sync, not overlay): a fetched
 * profile is written to every account linked to its subject through ProfileWriter, as a rename
 * is, and the subject is recorded in the ProfileCache as fetched, so it is not asked about again
 * within PROFILE_CACHE_TTL_SECONDS. When the main service fails, nothing is written: accounts keep
 * the last profile they got (the seed's stale data), and the subjects stay stale for the next try.
 */
@Injectable()
export class ProfileSync {
  private readonly logger = new Logger(ProfileSync.name);

  constructor(
    private readonly client: ProfileSourceClient,
    private readonly sso: SsoRepository,
    private readonly profiles: ProfileWriter,
    private readonly metrics: ProfileSourceMetrics,
    @Inject(PROFILE_CACHE) private readonly cache: ProfileCache,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get enabled(): boolean {
    return this.config.profileSource.url !== null;
  }

  /**
   * At an SSO login: the subject's profile unless fetched within the TTL (always for an account
   * created by this login, which no earlier fetch reached). Never fails the login: a failure is
   * logged and counted, and the account keeps what it has.
   */
  async atLogin(subject: string, accountCreated: boolean): Promise<void> {
    if (!this.enabled) return;
    try {
      await this.sync([subject], { force: accountCreated });
    } catch (err) {
      this.logger.warn({ event: 'profile.login.fetch.failed', err }, 'Fetching the profile at login failed; the account keeps its name and avatar');
    }
  }

  /** A profile-update notice: the subjects' entries are dropped and fetched again at once. */
  async invalidate(subjects: readonly string[]): Promise<ProfileSyncResult> {
    await this.cache.forget(subjects);
    return this.sync(subjects, { force: true });
  }

  /**
   * Fetches the profiles of `subjects` not fresh in the cache (all of them with `force`), a batch
   * at a time, and applies each batch as it comes. Throws the first ProfileSourceError (counted and
   * logged): batches before it are applied, the rest stay stale.
   */
  async sync(subjects: readonly string[], { force = false } = {}): Promise<ProfileSyncResult> {
    const { url, cacheTtlMs } = this.config.profileSource;
    const result: ProfileSyncResult = { asked: 0, fetched: 0, accountsUpdated: 0 };
    if (!url) return result;
    const wanted = force ? [...new Set(subjects)] : await this.cache.stale(subjects, this.clock.now());
    try {
      for await (const batch of this.client.fetch(wanted)) {
        result.asked += batch.ids.length;
        result.fetched += batch.profiles.length;
        this.metrics.profilesFetched.inc(batch.profiles.length);
        result.accountsUpdated += await this.apply(batch.ids, batch.profiles);
        await this.cache.markFetched(batch.ids, this.clock.now(), cacheTtlMs);
      }
    } catch (err) {
      if (err instanceof ProfileSourceError) {
        this.metrics.failed(err.reason);
        this.logger.warn({ event: 'profile.source.failed', reason: err.reason, err }, `${err.message}; accounts keep their last profile`);
      }
      throw err;
    }
    if (result.accountsUpdated) this.logger.log({ event: 'profile.synced', ...result }, `Profiles from the main service changed ${result.accountsUpdated} account(s)`);
    return result;
  }

  private async apply(ids: string[], fetched: FetchedProfile[]): Promise<number> {
    const bySubject = new Map(fetched.map((p) => [p.id, p]));
    let updated = 0;
    for (const account of await this.sso.linkedAccounts(this.config.sso.issuerUrl ?? '', ids)) {
      const profile = bySubject.get(account.subject);
      if (!profile) continue; // unknown to the main service: the account keeps what it has
      const changed = await this.profiles.apply(account.tenantId, account.userId, this.fieldsOf(profile));
      if (changed?.changed) updated++;
    }
    return updated;
  }

  /** The fields a profile may set: a usable name (cut to DISPLAY_NAME_MAX_CHARS) and an http(s) avatar URL or null; anything else is left as it is. */
  private fieldsOf(profile: FetchedProfile): ProfileFields {
    const fields: ProfileFields = {};
    const name = [...profile.name.toWellFormed().replace(/\p{Cc}/gu, ' ').trim()].slice(0, this.config.limits.displayNameMaxChars).join('').trim();
    if (name) fields.displayName = name;
    const avatar = avatarUrlOf(profile.avatarUrl);
    if (avatar === undefined) this.logger.warn({ event: 'profile.avatar.ignored', subject: profile.id }, `The main service sent an avatar that is not an http(s) URL of at most ${PROFILE_AVATAR_URL_MAX_CHARS} characters; the account keeps its avatar`);
    else fields.avatarUrl = avatar;
    return fields;
  }
}

/** An http(s) URL of bounded length, or null for none; undefined for anything else (to be ignored). */
export function avatarUrlOf(value: unknown): string | null | undefined {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value !== 'string' || value.length > PROFILE_AVATAR_URL_MAX_CHARS) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.toString() : undefined;
  } catch {
    return undefined;
  }
}
