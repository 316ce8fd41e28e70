import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/**
 * Deletes what no request can use any more: ws tickets and refresh tokens past their expiry, and
 * login sessions that ended (revoked, or with every refresh token expired) before `before`, with
 * the push subscriptions they registered. Each
 * call deletes at most `limit` rows, oldest first (ids are UUIDv7), and answers how many it did.
 */
@Injectable()
export class ExpiredLoginsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async deleteTickets(before: Date, limit: number): Promise<number> {
    const [, count] = await this.dataSource.query(`DELETE FROM ws_tickets WHERE id IN (SELECT id FROM ws_tickets WHERE expires_at < $1 ORDER BY id LIMIT $2)`, [before, limit]);
    return count;
  }

  async deleteRefreshTokens(before: Date, limit: number): Promise<number> {
    const [, count] = await this.dataSource.query(`DELETE FROM refresh_tokens WHERE id IN (SELECT id FROM refresh_tokens WHERE expires_at < $1 ORDER BY id LIMIT $2)`, [before, limit]);
    return count;
  }

  /**
   * A session, with whatever tokens and tickets it still has, once it was revoked or its last
   * refresh token expired before `before` (a login commits its session and first token together,
   * so no session is seen without one). The browsers it registered for push go too: a revoked
   * login's went when it was revoked, but one that lapsed was never revoked, and its device must
   * not keep getting message previews. (Matched through the user's index: session_id has none.)
   */
  async deleteSessions(before: Date, limit: number): Promise<number> {
    const [, count] = await this.dataSource.query(
      `WITH ended AS (
         SELECT s.id, s.tenant_id, s.user_id FROM auth_sessions s
          WHERE s.revoked_at < $1 OR NOT EXISTS (SELECT 1 FROM refresh_tokens r WHERE r.session_id = s.id AND r.expires_at >= $1)
          ORDER BY s.id LIMIT $2 FOR UPDATE SKIP LOCKED),
       tokens AS (DELETE FROM refresh_tokens WHERE session_id IN (SELECT id FROM ended)),
       tickets AS (DELETE FROM ws_tickets WHERE session_id IN (SELECT id FROM ended)),
       pushes AS (DELETE FROM push_subscriptions p USING ended e WHERE p.tenant_id = e.tenant_id AND p.user_id = e.user_id AND p.session_id = e.id)
       DELETE FROM auth_sessions WHERE id IN (SELECT id FROM ended)`,
      [before, limit],
    );
    return count;
  }
}
