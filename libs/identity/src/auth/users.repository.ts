import { Injectable } from '@nestjs/common';
import { DataSource, In, IsNull, type EntityManager } from 'typeorm';
import { isLocale, type BannedAccount, type User, type UpdatePreferencesRequest, type UserPreferences } from '@chat/contracts';
import { usernameKey } from '@chat/domain';
import { UserEntity, escapeLike } from '@chat/persistence';

export function toUser(row: UserEntity): User {
  return { id: row.id, username: row.username, displayName: row.displayName, avatarUrl: row.avatarUrl, isGuest: row.isGuest, createdAt: row.createdAt.toISOString() };
}

/** A locale the product no longer ships reads as none, so clients fall back instead of asking for a catalog they lack. */
export function toPreferences(row: Pick<UserEntity, 'locale' | 'timeZone'>): UserPreferences {
  return { locale: isLocale(row.locale) ? row.locale : null, timeZone: row.timeZone };
}

/** One account's stored TOTP secret, as the users table holds it (sealed or, from before sealing, plaintext). */
export interface StoredMfaSecret {
  tenantId: string;
  id: string;
  mfaSecret: string;
}

/** What a profile change sets; a field left undefined is kept as it is. */
export interface ProfileFields {
  displayName?: string;
  avatarUrl?: string | null;
}

/** A new account; its role in the tenant is `member` unless said. */
export type NewUser = Pick<UserEntity, 'id' | 'tenantId' | 'username' | 'displayName' | 'passwordHash' | 'isGuest'> & Partial<Pick<UserEntity, 'tenantRole'>>;

@Injectable()
export class UsersRepository {
  constructor(private readonly dataSource: DataSource) {}

  private get repo() {
    return this.dataSource.getRepository(UserEntity);
  }

  findByUsername(tenantId: string, username: string): Promise<UserEntity | null> {
    return this.repo.findOneBy({ tenantId, usernameKey: usernameKey(username) });
  }

  findById(tenantId: string, id: string): Promise<UserEntity | null> {
    return this.repo.findOneBy({ tenantId, id });
  }

  /**
   * Accounts that can still be reached: not deleted. Picking people for a conversation (create,
   * invite) and finding them (search) use these; reading a former member's row (history, audit)
   * uses findById, which still finds a "Deleted user".
   */
  findActive(tenantId: string, ids: readonly string[]): Promise<UserEntity[]> {
    return ids.length ? this.repo.findBy({ tenantId, id: In([...ids]), deletedAt: IsNull() }) : Promise.resolve([]);
  }

  async findActiveById(tenantId: string, id: string): Promise<UserEntity | null> {
    return (await this.findActive(tenantId, [id]))[0] ?? null;
  }

  /** People whose username or display name starts with `prefix` (case-insensitive), the exact username first; deleted accounts are not found. */
  /** The tenant's accounts in force with the `admin` role or one of `usernameKeys` (by `users_tenant_admins` and the username index). */
  async adminIds(tenantId: string, usernameKeys: readonly string[]): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM users WHERE tenant_id = $1 AND tenant_role = 'admin' AND deleted_at IS NULL
       UNION SELECT id FROM users WHERE tenant_id = $1 AND username_key = ANY($2::text[]) AND deleted_at IS NULL AND password_hash IS NOT NULL AND NOT is_guest`,
      [tenantId, usernameKeys],
    );
    return rows.map((r) => r.id);
  }

  async search(tenantId: string, prefix: string, limit: number): Promise<User[]> {
    const key = usernameKey(prefix);
    const rows: (Omit<User, 'createdAt'> & { createdAt: Date })[] = await this.dataSource.query(
      `SELECT id, username, display_name AS "displayName", avatar_url AS "avatarUrl", is_guest AS "isGuest", created_at AS "createdAt"
         FROM users
        WHERE tenant_id = $1 AND deleted_at IS NULL AND (username_key LIKE $2 OR lower(display_name) LIKE $2)
        ORDER BY username_key = $3 DESC, username_key
        LIMIT $4`,
      [tenantId, `${escapeLike(key)}%`, key, limit],
    );
    return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
  }

  /** Inserts; the unique (tenant, username_key) index decides races between two registrations. */
  async insert(user: NewUser, em: EntityManager = this.dataSource.manager): Promise<UserEntity> {
    const repo = em.getRepository(UserEntity);
    await repo.insert(repo.create({ ...user, usernameKey: usernameKey(user.username) }));
    return (await repo.findOneBy({ tenantId: user.tenantId, id: user.id }))!;
  }

  /**
   * Gives a live account a new display name and, when given, avatar, in the caller's transaction
   * (the row locked, so `changed` is exact); null when it is gone.
   */
  async updateProfile(em: EntityManager, tenantId: string, userId: string, profile: ProfileFields): Promise<{ user: UserEntity; changed: boolean } | null> {
    const user = await em.findOne(UserEntity, { where: { tenantId, id: userId, deletedAt: IsNull() }, lock: { mode: 'pessimistic_write' } });
    if (!user) return null;
    const next = { displayName: profile.displayName ?? user.displayName, avatarUrl: profile.avatarUrl === undefined ? user.avatarUrl : profile.avatarUrl };
    if (user.displayName === next.displayName && user.avatarUrl === next.avatarUrl) return { user, changed: false };
    await em.update(UserEntity, { tenantId, id: userId }, next);
    return { user: { ...user, ...next }, changed: true };
  }

  /** Bans the account (or bans it again with a new reason and end), in the caller's transaction. */
  async ban(em: EntityManager, tenantId: string, userId: string, reason: string | null, durationSeconds: number | null): Promise<Pick<UserEntity, 'id' | 'bannedAt' | 'bannedUntil' | 'banReason'> | null> {
    const [rows] = await em.query(
      `UPDATE users SET banned_at = now(), banned_until = now() + make_interval(secs => $4::float8), ban_reason = $3 WHERE tenant_id = $1 AND id = $2
       RETURNING id, banned_at AS "bannedAt", banned_until AS "bannedUntil", ban_reason AS "banReason"`,
      [tenantId, userId, reason, durationSeconds],
    );
    return rows[0] ?? null;
  }

  /**
   * Deletes the account's personal data from its row, in the caller's transaction: the username is
   * freed (`deleted-<id>`), the name becomes "Deleted user", the password and the language and time zone are gone. The id stays, so
   * the history others keep still has a sender. False when it was deleted already.
   */
  async anonymize(em: EntityManager, tenantId: string, userId: string): Promise<boolean> {
    const [, count] = await em.query(
      `UPDATE users SET username = 'deleted-' || id, username_key = 'deleted-' || id, display_name = 'Deleted user', avatar_url = NULL, password_hash = NULL, mfa_secret = NULL, mfa_enabled_at = NULL,
              locale = NULL, time_zone = NULL, banned_at = NULL, banned_until = NULL, ban_reason = NULL, deleted_at = now()
        WHERE tenant_id = $1 AND id = $2 AND deleted_at IS NULL`,
      [tenantId, userId],
    );
    return count > 0;
  }

  /** Sets the preferences given (undefined: unchanged, null: cleared); null when the account is gone. */
  async updatePreferences(tenantId: string, userId: string, changes: UpdatePreferencesRequest): Promise<UserPreferences | null> {
    const [rows] = await this.dataSource.query(
      `UPDATE users SET locale = CASE WHEN $3 THEN $4 ELSE locale END, time_zone = CASE WHEN $5 THEN $6 ELSE time_zone END
        WHERE tenant_id = $1 AND id = $2 AND deleted_at IS NULL
       RETURNING locale, time_zone AS "timeZone"`,
      [tenantId, userId, changes.locale !== undefined, changes.locale ?? null, changes.timeZone !== undefined, changes.timeZone ?? null],
    );
    return rows[0] ? toPreferences(rows[0]) : null;
  }

  /** `sealedSecret` as TotpSecretSeal stores it: the plain secret never reaches the table. */
  async setPendingMfaSecret(tenantId: string, userId: string, sealedSecret: string): Promise<void> {
    await this.repo.update({ tenantId, id: userId }, { mfaSecret: sealedSecret, mfaEnabledAt: null, mfaUsedStep: null });
  }

  /**
   * Replaces a stale stored secret (plaintext, or sealed with an earlier key) by its new seal, unless it changed meanwhile (disabled,
   * enrolled again, re-sealed by someone else); false when it had.
   */
  async resealMfaSecret(tenantId: string, userId: string, staleValue: string, sealedSecret: string): Promise<boolean> {
    const [, count] = await this.dataSource.query(`UPDATE users SET mfa_secret = $4 WHERE tenant_id = $1 AND id = $2 AND mfa_secret = $3`, [tenantId, userId, staleValue, sealedSecret]);
    return count > 0;
  }

  /**
   * Up to `limit` stored TOTP secrets of every tenant (in force or pending: both live in `mfa_secret`), in id order after `afterId`
   * (the primary key, so each page is an index range): the re-seal pass reads them a page at a time.
   */
  storedMfaSecrets(afterId: string, limit: number): Promise<StoredMfaSecret[]> {
    return this.dataSource.query(`SELECT tenant_id AS "tenantId", id, mfa_secret AS "mfaSecret" FROM users WHERE id > $1 AND mfa_secret IS NOT NULL ORDER BY id LIMIT $2`, [afterId, limit]);
  }

  async enableMfa(tenantId: string, userId: string): Promise<void> {
    await this.repo.update({ tenantId, id: userId }, { mfaEnabledAt: () => 'now()' });
  }

  async disableMfa(tenantId: string, userId: string): Promise<void> {
    await this.repo.update({ tenantId, id: userId }, { mfaSecret: null, mfaEnabledAt: null, mfaUsedStep: null });
  }

  /** Marks a TOTP step used; false when it (or a later one) was used already, by a racing request too. */
  async useMfaStep(tenantId: string, userId: string, step: number): Promise<boolean> {
    const [, count] = await this.dataSource.query(
      `UPDATE users SET mfa_used_step = $3 WHERE tenant_id = $1 AND id = $2 AND (mfa_used_step IS NULL OR mfa_used_step < $3)`,
      [tenantId, userId, step],
    );
    return count > 0;
  }

  /** Deleted accounts whose messages are not all erased yet. */
  pendingErasures(limit: number): Promise<{ tenantId: string; id: string }[]> {
    return this.dataSource.query(`SELECT tenant_id AS "tenantId", id FROM users WHERE deleted_at IS NOT NULL AND messages_erased_at IS NULL ORDER BY deleted_at LIMIT $1`, [limit]);
  }

  async markMessagesErased(tenantId: string, userId: string): Promise<void> {
    await this.repo.update({ tenantId, id: userId }, { messagesErasedAt: () => 'now()' });
  }

  /**
   * The tenant's account bans in force, newest first, `limit` at most after the ban of `before`;
   * null when `before` is no longer banned (the caller cannot tell where its page ended).
   */
  async bannedAccounts(tenantId: string, before: string | null, limit: number): Promise<{ bans: BannedAccount[]; hasMore: boolean } | null> {
    const inForce = `banned_at IS NOT NULL AND (banned_until IS NULL OR banned_until > now())`;
    const cursor = `SELECT banned_at, id FROM users WHERE tenant_id = $1 AND id = $2 AND ${inForce}`;
    if (before && (await this.dataSource.query(cursor, [tenantId, before])).length === 0) return null;
    const rows: (Omit<BannedAccount, 'bannedAt' | 'bannedUntil'> & { bannedAt: Date; bannedUntil: Date | null })[] = await this.dataSource.query(
      `SELECT id AS "userId", display_name AS "displayName", avatar_url AS "avatarUrl", ban_reason AS reason, banned_at AS "bannedAt", banned_until AS "bannedUntil"
         FROM users
        WHERE tenant_id = $1 AND ${inForce} AND ($2::uuid IS NULL OR (banned_at, id) < (${cursor}))
        ORDER BY banned_at DESC, id DESC LIMIT $3`,
      [tenantId, before, limit + 1],
    );
    const bans = rows.slice(0, limit).map((r) => ({ ...r, bannedAt: r.bannedAt.toISOString(), bannedUntil: r.bannedUntil?.toISOString() ?? null }));
    return { bans, hasMore: rows.length > limit };
  }

  /** True when the account had a ban (an expired one too) to lift. */
  async liftBan(em: EntityManager, tenantId: string, userId: string): Promise<boolean> {
    const [, count] = await em.query(`UPDATE users SET banned_at = NULL, banned_until = NULL, ban_reason = NULL WHERE tenant_id = $1 AND id = $2 AND banned_at IS NOT NULL`, [tenantId, userId]);
    return count > 0;
  }
}
