import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { UsageDelta } from './usage-meter';

/** `YYYY-MM-DD` of an instant, in UTC: the day usage is filed under. */
export const utcDay = (epochMs: number): string => new Date(epochMs).toISOString().slice(0, 10);

/** Writes `tenant_usage_daily`: metered traffic added to the day, storage snapshots set on it. */
@Injectable()
export class TenantUsageRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Adds each tenant's delta to its row of `day` in one statement. Additive on conflict, so any
   * number of nodes may flush at once without losing each other's counts.
   */
  async add(day: string, deltas: Map<string, UsageDelta>): Promise<void> {
    if (deltas.size === 0) return;
    const tenants = [...deltas.keys()];
    const column = (k: keyof UsageDelta) => tenants.map((t) => Math.round(deltas.get(t)![k]));
    await this.dataSource.query(
      `INSERT INTO tenant_usage_daily (tenant_id, day, connection_ms, socket_egress_bytes, media_egress_bytes)
       SELECT t, $2::date, c, s, m FROM unnest($1::uuid[], $3::bigint[], $4::bigint[], $5::bigint[]) AS u(t, c, s, m)
       ON CONFLICT (tenant_id, day) DO UPDATE SET
         connection_ms = tenant_usage_daily.connection_ms + EXCLUDED.connection_ms,
         socket_egress_bytes = tenant_usage_daily.socket_egress_bytes + EXCLUDED.socket_egress_bytes,
         media_egress_bytes = tenant_usage_daily.media_egress_bytes + EXCLUDED.media_egress_bytes,
         updated_at = now()`,
      [tenants, day, column('connectionMs'), column('socketEgressBytes'), column('mediaEgressBytes')],
    );
  }

  /**
   * Sets every tenant's storage on `day` to what it keeps now: its messages as stored (row size,
   * after TOAST compression) and its media files (the sizes GET /v1/tenant/usage sums too).
   * Taken again the same day, the later snapshot wins.
   */
  async snapshotStorage(day: string, db: Pick<EntityManager, 'query'> = this.dataSource): Promise<void> {
    await db.query(
      `INSERT INTO tenant_usage_daily (tenant_id, day, message_storage_bytes, media_storage_bytes)
       SELECT t.id, $1::date, COALESCE(m.bytes, 0), COALESCE(f.bytes, 0)
       FROM tenants t
       LEFT JOIN (SELECT tenant_id, SUM(pg_column_size(messages.*))::bigint AS bytes FROM messages GROUP BY tenant_id) m ON m.tenant_id = t.id
       LEFT JOIN (SELECT tenant_id, SUM(size)::bigint AS bytes FROM media GROUP BY tenant_id) f ON f.tenant_id = t.id
       ON CONFLICT (tenant_id, day) DO UPDATE SET
         message_storage_bytes = EXCLUDED.message_storage_bytes,
         media_storage_bytes = EXCLUDED.media_storage_bytes,
         updated_at = now()`,
      [day],
    );
  }
}
