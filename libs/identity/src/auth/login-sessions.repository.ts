import { Injectable } from '@nestjs/common';
import { DataSource, IsNull, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import type { DevicePublicJwk } from '@chat/contracts';
import { AuthSessionEntity, RefreshTokenEntity, WsTicketEntity } from '@chat/persistence';
import type { LoginClient } from './login-client';
import type { Principal } from './principal';

export interface PresentedRefresh {
  tokenId: string;
  sessionId: string;
  tenantId: string;
  userId: string;
  usedAt: Date | null;
  expiresAt: Date;
  sessionRevokedAt: Date | null;
  /** The login's device key: a refresh must prove possession of it. */
  deviceKey: DevicePublicJwk | null;
}

/** Login sessions, the refresh tokens that rotate within them, and ws tickets. */
@Injectable()
export class LoginSessionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async createSession(em: EntityManager, tenantId: string, userId: string, client: LoginClient): Promise<string> {
    const id = uuidv7();
    await em.getRepository(AuthSessionEntity).insert({ id, tenantId, userId, userAgent: client.userAgent, ip: client.ip, deviceKey: client.deviceKey });
    return id;
  }

  async markRenewed(em: EntityManager, sessionId: string): Promise<void> {
    await em.getRepository(AuthSessionEntity).update({ id: sessionId }, { lastUsedAt: () => 'now()' });
  }

  /** The user's logins in force, newest first. */
  active(tenantId: string, userId: string): Promise<AuthSessionEntity[]> {
    return this.dataSource.getRepository(AuthSessionEntity).find({ where: { tenantId, userId, revokedAt: IsNull() }, order: { createdAt: 'DESC' } });
  }

  /**
   * The addresses the account now holding this username has logins on record from (ended ones
   * included, until the expired-logins sweep removes them). One statement whether or not the name
   * exists, so the time taken does not tell.
   */
  async addressesOf(tenantId: string, usernameKey: string): Promise<string[]> {
    const rows: { ip: string }[] = await this.dataSource.query(
      `SELECT DISTINCT s.ip FROM users u JOIN auth_sessions s ON s.tenant_id = u.tenant_id AND s.user_id = u.id WHERE u.tenant_id = $1 AND u.username_key = $2 AND s.ip IS NOT NULL`,
      [tenantId, usernameKey],
    );
    return rows.map((r) => r.ip);
  }

  async addRefreshToken(em: EntityManager, principal: Principal, tokenHash: string, expiresAt: Date): Promise<void> {
    await em.getRepository(RefreshTokenEntity).insert({ id: uuidv7(), tenantId: principal.tenantId, sessionId: principal.sessionId, tokenHash, expiresAt });
  }

  async findRefresh(tokenHash: string): Promise<PresentedRefresh | null> {
    const rows: PresentedRefresh[] = await this.dataSource.query(
      `SELECT r.id AS "tokenId", r.session_id AS "sessionId", r.tenant_id AS "tenantId", s.user_id AS "userId",
              r.used_at AS "usedAt", r.expires_at AS "expiresAt", s.revoked_at AS "sessionRevokedAt",
              s.device_key AS "deviceKey"
         FROM refresh_tokens r JOIN auth_sessions s ON s.id = r.session_id
        WHERE r.token_hash = $1`,
      [tokenHash],
    );
    return rows[0] ?? null;
  }

  /** Claims a refresh token; false when a concurrent request used it first (that is reuse). */
  async markUsed(em: EntityManager, tokenId: string): Promise<boolean> {
    const result = await em.query(`UPDATE refresh_tokens SET used_at = now() WHERE id = $1 AND used_at IS NULL RETURNING id`, [tokenId]);
    return result[1] === 1;
  }

  /**
   * False when it is not the user's or had ended already. The browsers that login registered for
   * push go with it (a signed-out device gets no more message previews), and with the user's last
   * login those registered before logins owned them.
   */
  async revokeSession(em: EntityManager, session: Principal, reason: string): Promise<boolean> {
    const [, count] = await em.query(
      `UPDATE auth_sessions SET revoked_at = now(), revoked_reason = $4 WHERE id = $1 AND tenant_id = $2 AND user_id = $3 AND revoked_at IS NULL`,
      [session.sessionId, session.tenantId, session.userId, reason],
    );
    if (count === 0) return false;
    await em.query(
      `DELETE FROM push_subscriptions WHERE tenant_id = $1 AND user_id = $2
          AND (session_id = $3 OR (session_id IS NULL AND NOT EXISTS (SELECT 1 FROM auth_sessions WHERE tenant_id = $1 AND user_id = $2 AND revoked_at IS NULL)))`,
      [session.tenantId, session.userId, session.sessionId],
    );
    return true;
  }

  /**
   * Ends every login of the user (a ban): their access tokens fail at once, refresh tokens too, and
   * every browser registered for push goes, those registered before logins owned them included.
   */
  async revokeAllOf(em: EntityManager, tenantId: string, userId: string, reason: string): Promise<void> {
    await em.query(`UPDATE auth_sessions SET revoked_at = now(), revoked_reason = $3 WHERE tenant_id = $1 AND user_id = $2 AND revoked_at IS NULL`, [tenantId, userId, reason]);
    await em.query(`DELETE FROM push_subscriptions WHERE tenant_id = $1 AND user_id = $2`, [tenantId, userId]);
  }

  /** Whether the principal's login stands: not revoked, and the account and tenant its token names are the login's own. */
  async isActive({ sessionId, tenantId, userId }: Principal): Promise<boolean> {
    const rows = await this.dataSource.query(`SELECT 1 FROM auth_sessions WHERE id = $1 AND tenant_id = $2 AND user_id = $3 AND revoked_at IS NULL`, [sessionId, tenantId, userId]);
    return rows.length === 1;
  }

  async addTicket(principal: Principal, ticketHash: string, expiresAt: Date, conversationIds: string[] | null): Promise<void> {
    await this.dataSource.getRepository(WsTicketEntity).insert({
      id: uuidv7(),
      tenantId: principal.tenantId,
      userId: principal.userId,
      sessionId: principal.sessionId,
      ticketHash,
      expiresAt,
      conversationIds,
    });
  }

  /** Spends a ticket atomically: it works once, before it expires, while its login is active. */
  async consumeTicket(ticketHash: string): Promise<Principal | null> {
    const [rows] = await this.dataSource.query(
      `UPDATE ws_tickets t SET used_at = now()
         FROM auth_sessions s
        WHERE t.ticket_hash = $1 AND t.used_at IS NULL AND t.expires_at > now()
          AND s.id = t.session_id AND s.revoked_at IS NULL
        RETURNING t.user_id AS "userId", t.tenant_id AS "tenantId", t.session_id AS "sessionId", t.conversation_ids AS "ticketScope"`,
      [ticketHash],
    );
    const row = (rows as (Principal & { ticketScope: string[] | null })[])[0];
    if (!row) return null;
    const { ticketScope, ...principal } = row;
    return ticketScope ? { ...principal, ticketScope } : principal;
  }
}
