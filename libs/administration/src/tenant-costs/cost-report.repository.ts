import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { CostDriftEntry, TenantUsageTotals } from '@chat/contracts';
import type { DriftVerdict } from './drift/drift-rule';

export interface TenantUsageRow {
  tenantId: string;
  slug: string;
  usage: TenantUsageTotals;
}

export interface DailyUsageRow {
  tenantId: string;
  day: string;
  usage: TenantUsageTotals;
}

const USAGE_SUMS = `COALESCE(SUM(u.connection_ms), 0)::text AS ms, COALESCE(SUM(u.socket_egress_bytes), 0)::text AS socket,
  COALESCE(SUM(u.media_egress_bytes), 0)::text AS media, COALESCE(SUM(u.message_storage_bytes), 0)::text AS "messageStorage",
  COALESCE(SUM(u.media_storage_bytes), 0)::text AS "mediaStorage"`;

type UsageSums = { ms: string; socket: string; media: string; messageStorage: string; mediaStorage: string };

const usageOf = (r: UsageSums): TenantUsageTotals => ({
  connectionSeconds: Number(r.ms) / 1000,
  socketEgressBytes: Number(r.socket),
  mediaEgressBytes: Number(r.media),
  messageStorageByteDays: Number(r.messageStorage),
  mediaStorageByteDays: Number(r.mediaStorage),
});

/** Reads `tenant_usage_daily` for the cost reports and keeps `tenant_cost_drift`, the drift job's findings. */
@Injectable()
export class CostReportRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Each tenant's usage summed over the days `from`..`to` (every tenant, or just `tenantId`; one without rows has zeros). */
  async usageBetween(from: string, to: string, tenantId: string | null): Promise<TenantUsageRow[]> {
    const rows: (UsageSums & { tenantId: string; slug: string })[] = await this.dataSource.query(
      `SELECT t.id AS "tenantId", t.slug, ${USAGE_SUMS}
       FROM tenants t LEFT JOIN tenant_usage_daily u ON u.tenant_id = t.id AND u.day BETWEEN $1::date AND $2::date
       WHERE $3::uuid IS NULL OR t.id = $3::uuid
       GROUP BY t.id, t.slug`,
      [from, to, tenantId],
    );
    return rows.map((r) => ({ tenantId: r.tenantId, slug: r.slug, usage: usageOf(r) }));
  }

  /** Every row of the days `from`..`to`: one per tenant and day it was metered or snapshotted. */
  async daily(from: string, to: string, db: Pick<EntityManager, 'query'> = this.dataSource): Promise<DailyUsageRow[]> {
    const rows: (UsageSums & { tenantId: string; day: string })[] = await db.query(
      `SELECT u.tenant_id AS "tenantId", to_char(u.day, 'YYYY-MM-DD') AS day, ${USAGE_SUMS}
       FROM tenant_usage_daily u WHERE u.day BETWEEN $1::date AND $2::date GROUP BY u.tenant_id, u.day`,
      [from, to],
    );
    return rows.map((r) => ({ tenantId: r.tenantId, day: r.day, usage: usageOf(r) }));
  }

  /** The drift job's findings for `day`, replacing an earlier run's (a rerun judges the same day afresh). */
  async replaceDrift(db: Pick<EntityManager, 'query'>, day: string, verdicts: DriftVerdict[]): Promise<void> {
    await db.query(`DELETE FROM tenant_cost_drift WHERE day = $1::date`, [day]);
    if (!verdicts.length) return;
    await db.query(
      `INSERT INTO tenant_cost_drift (tenant_id, day, cost, baseline, ratio)
       SELECT t, $1::date, c, b, r FROM unnest($2::uuid[], $3::float8[], $4::float8[], $5::float8[]) AS v(t, c, b, r)`,
      [day, verdicts.map((v) => v.tenantId), verdicts.map((v) => v.cost), verdicts.map((v) => v.baseline), verdicts.map((v) => v.ratio)],
    );
  }

  /** Drift flagged on the days `from`..`to` (of one tenant, or all), newest day first. */
  async driftBetween(from: string, to: string, tenantId: string | null): Promise<CostDriftEntry[]> {
    const rows: { tenantId: string; day: string; cost: number; baseline: number; ratio: number | null; detectedAt: Date }[] = await this.dataSource.query(
      `SELECT tenant_id AS "tenantId", to_char(day, 'YYYY-MM-DD') AS day, cost, baseline, ratio, detected_at AS "detectedAt"
       FROM tenant_cost_drift WHERE day BETWEEN $1::date AND $2::date AND ($3::uuid IS NULL OR tenant_id = $3::uuid)
       ORDER BY day DESC, cost DESC`,
      [from, to, tenantId],
    );
    return rows.map((r) => ({ ...r, detectedAt: new Date(r.detectedAt).toISOString() }));
  }

  /** Tenants flagged on `day`. */
  async driftCountOn(day: string): Promise<number> {
    const [row] = await this.dataSource.query(`SELECT COUNT(*)::int AS n FROM tenant_cost_drift WHERE day = $1::date`, [day]);
    return row.n;
  }
}
