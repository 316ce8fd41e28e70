import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

/** A started login, kept until its callback (see the 1784000000000-sso migration). */
export interface PendingLogin {
  tenantId: string;
  nonce: string;
  codeVerifier: string;
  redirectUri: string;
  returnTo: string;
}

/** An account linked to a person of the provider. */
export interface LinkedAccount {
  tenantId: string;
  subject: string;
  userId: string;
}

/**
 * The SSO tables: started logins and one-time login codes (by hash, taken once: a DELETE …
 * RETURNING, so two racing callbacks or exchanges cannot both succeed) and the links from a
 * provider's (issuer, subject) to an account of a tenant.
 */
@Injectable()
export class SsoRepository {
  constructor(private readonly dataSource: DataSource) {}

  async savePending(stateHash: string, login: PendingLogin, ttlSeconds: number): Promise<void> {
    // Started logins nobody finished: cleared as new ones start (the index makes this cheap).
    await this.dataSource.query(`DELETE FROM sso_pending_logins WHERE expires_at < now()`);
    await this.dataSource.query(
      `INSERT INTO sso_pending_logins (state_hash, tenant_id, nonce, code_verifier, redirect_uri, return_to, expires_at) VALUES ($1, $2, $3, $4, $5, $6, now() + make_interval(secs => $7::float8))`,
      [stateHash, login.tenantId, login.nonce, login.codeVerifier, login.redirectUri, login.returnTo, ttlSeconds],
    );
  }

  /** The started login of this state, removed so it is used once; null when unknown, used or expired. */
  async takePending(stateHash: string): Promise<PendingLogin | null> {
    const [rows] = await this.dataSource.query(
      `DELETE FROM sso_pending_logins WHERE state_hash = $1
       RETURNING tenant_id AS "tenantId", nonce, code_verifier AS "codeVerifier", redirect_uri AS "redirectUri", return_to AS "returnTo", expires_at > now() AS live`,
      [stateHash],
    );
    const row = rows[0] as (PendingLogin & { live: boolean }) | undefined;
    if (!row?.live) return null;
    const { live: _live, ...login } = row;
    return login;
  }

  async saveLoginCode(codeHash: string, tenantId: string, userId: string, ttlSeconds: number): Promise<void> {
    await this.dataSource.query(`DELETE FROM sso_login_codes WHERE expires_at < now()`);
    await this.dataSource.query(`INSERT INTO sso_login_codes (code_hash, tenant_id, user_id, expires_at) VALUES ($1, $2, $3, now() + make_interval(secs => $4::float8))`, [codeHash, tenantId, userId, ttlSeconds]);
  }

  /** The account a login code is for, the code removed so it works once; null when unknown, used or expired. */
  async takeLoginCode(codeHash: string): Promise<{ tenantId: string; userId: string } | null> {
    const [rows] = await this.dataSource.query(`DELETE FROM sso_login_codes WHERE code_hash = $1 RETURNING tenant_id AS "tenantId", user_id AS "userId", expires_at > now() AS live`, [codeHash]);
    const row = rows[0] as { tenantId: string; userId: string; live: boolean } | undefined;
    return row?.live ? { tenantId: row.tenantId, userId: row.userId } : null;
  }

  /** The account linked to this person of this provider in the tenant, noting the login. */
  async linkedUserId(tenantId: string, issuer: string, subject: string): Promise<string | null> {
    const [rows] = await this.dataSource.query(
      `UPDATE sso_identities SET last_login_at = now() WHERE tenant_id = $1 AND issuer = $2 AND subject = $3 RETURNING user_id AS "userId"`,
      [tenantId, issuer, subject],
    );
    return (rows[0] as { userId: string } | undefined)?.userId ?? null;
  }

  /** Links in the caller's transaction; the primary key refuses a second link of the same person (a racing first login). */
  async link(em: EntityManager, tenantId: string, issuer: string, subject: string, userId: string): Promise<void> {
    await em.query(`INSERT INTO sso_identities (tenant_id, issuer, subject, user_id) VALUES ($1, $2, $3, $4)`, [tenantId, issuer, subject, userId]);
  }

  /**
   * The accounts linked to these subjects of the provider `issuer` (every tenant's; deleted ones
   * too, which ProfileWriter then skips). Issuers compare without a trailing slash, as configured.
   */
  linkedAccounts(issuer: string, subjects: readonly string[]): Promise<LinkedAccount[]> {
    return this.dataSource.query(
      `SELECT tenant_id AS "tenantId", subject, user_id AS "userId" FROM sso_identities WHERE rtrim(issuer, '/') = $1 AND subject = ANY($2::text[])`,
      [issuer, subjects],
    );
  }

  /**
   * Up to `limit` subjects of `issuer`, in order after `afterSubject`, linked to a live account with
   * a login made or renewed within `activeWithinSeconds` and not ended: the people others see now.
   */
  async activeSubjects(issuer: string, afterSubject: string, limit: number, activeWithinSeconds: number): Promise<string[]> {
    const rows: { subject: string }[] = await this.dataSource.query(
      `SELECT DISTINCT i.subject FROM sso_identities i
         JOIN users u ON u.tenant_id = i.tenant_id AND u.id = i.user_id AND u.deleted_at IS NULL
        WHERE rtrim(i.issuer, '/') = $1 AND i.subject > $2
          AND EXISTS (SELECT 1 FROM auth_sessions s WHERE s.tenant_id = i.tenant_id AND s.user_id = i.user_id AND s.revoked_at IS NULL
                         AND coalesce(s.last_used_at, s.created_at) > now() - make_interval(secs => $4::float8))
        ORDER BY i.subject LIMIT $3`,
      [issuer, afterSubject, limit, activeWithinSeconds],
    );
    return rows.map((r) => r.subject);
  }

  async setTenantRole(tenantId: string, userId: string, role: string): Promise<void> {
    await this.dataSource.query(`UPDATE users SET tenant_role = $3 WHERE tenant_id = $1 AND id = $2 AND tenant_role <> $3`, [tenantId, userId, role]);
  }
}
