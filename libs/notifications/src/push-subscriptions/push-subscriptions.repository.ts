import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import type { PushSubscriptionRequest, PushSubscriptionView } from '@chat/contracts';
import type { Principal } from '@chat/identity';

export interface StoredPushSubscription {
  id: string;
  userId: string;
  endpoint: string;
  p256dh: string;
  auth: string;
}

/** Browsers' Web Push subscriptions. An endpoint belongs to one user's login: registering it again moves it. */
@Injectable()
export class PushSubscriptionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Registers (or re-registers) an endpoint for the user's login, which it then ends with, and
   * evicts their least recently registered ones beyond `keep`, in one transaction. `created` is
   * false when the endpoint was known already. Null when the login has ended: its row is locked
   * first, so a logout either waits for this registration (and removes it) or is seen here.
   */
  async register(login: Principal, request: PushSubscriptionRequest, keep: number): Promise<{ subscription: PushSubscriptionView; created: boolean } | null> {
    const { tenantId, userId, sessionId } = login;
    return this.dataSource.transaction(async (em) => {
      const standing = await em.query(`SELECT 1 FROM auth_sessions WHERE id = $1 AND tenant_id = $2 AND user_id = $3 AND revoked_at IS NULL FOR SHARE`, [sessionId, tenantId, userId]);
      if (standing.length === 0) return null;
      const [row] = await em.query(
        `INSERT INTO push_subscriptions (id, tenant_id, user_id, session_id, endpoint, p256dh, auth) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (endpoint) DO UPDATE SET tenant_id = EXCLUDED.tenant_id, user_id = EXCLUDED.user_id, session_id = EXCLUDED.session_id, p256dh = EXCLUDED.p256dh, auth = EXCLUDED.auth, registered_at = now()
         RETURNING id, endpoint, registered_at AS "registeredAt", (xmax = 0) AS created`,
        [uuidv7(), tenantId, userId, sessionId, request.endpoint, request.keys.p256dh, request.keys.auth],
      );
      await em.query(
        `DELETE FROM push_subscriptions WHERE id IN (
           SELECT id FROM push_subscriptions WHERE tenant_id = $1 AND user_id = $2 ORDER BY registered_at DESC, id DESC OFFSET $3)`,
        [tenantId, userId, keep],
      );
      return { subscription: toView(row), created: row.created };
    });
  }

  async list(tenantId: string, userId: string): Promise<PushSubscriptionView[]> {
    const rows = await this.dataSource.query(
      `SELECT id, endpoint, registered_at AS "registeredAt" FROM push_subscriptions WHERE tenant_id = $1 AND user_id = $2 ORDER BY registered_at DESC, id DESC`,
      [tenantId, userId],
    );
    return rows.map(toView);
  }

  /** True when the user had it. */
  async remove(tenantId: string, userId: string, id: string): Promise<boolean> {
    const [, count] = await this.dataSource.query(`DELETE FROM push_subscriptions WHERE tenant_id = $1 AND user_id = $2 AND id = $3`, [tenantId, userId, id]);
    return count > 0;
  }

  /** Every subscription of these users, for one dispatcher pass. */
  async ofUsers(userIds: readonly string[]): Promise<StoredPushSubscription[]> {
    if (userIds.length === 0) return [];
    return this.dataSource.query(`SELECT id, user_id AS "userId", endpoint, p256dh, auth FROM push_subscriptions WHERE user_id = ANY($1::uuid[]) ORDER BY registered_at DESC`, [userIds]);
  }

  /** A push service answered that this subscription is gone (404/410): forget it. */
  async forget(id: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM push_subscriptions WHERE id = $1`, [id]);
  }
}

function toView(row: { id: string; endpoint: string; registeredAt: Date }): PushSubscriptionView {
  return { id: row.id, endpoint: row.endpoint, registeredAt: row.registeredAt.toISOString() };
}
