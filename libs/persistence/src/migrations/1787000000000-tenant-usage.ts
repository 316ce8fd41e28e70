import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per-tenant usage metering and cost drift (seed 003 R19.3). One row per tenant and UTC day; the
 * traffic columns are added to by every node's flush, the storage columns set by the daily
 * snapshot. The day indexes serve the operators' report over all tenants.
 */
export class TenantUsage1787000000000 implements MigrationInterface {
  name = 'TenantUsage1787000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "tenant_usage_daily" ("tenant_id" uuid NOT NULL, "day" date NOT NULL, "connection_ms" bigint NOT NULL DEFAULT 0, "socket_egress_bytes" bigint NOT NULL DEFAULT 0, "media_egress_bytes" bigint NOT NULL DEFAULT 0, "message_storage_bytes" bigint NOT NULL DEFAULT 0, "media_storage_bytes" bigint NOT NULL DEFAULT 0, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "tenant_usage_daily_pkey" PRIMARY KEY ("tenant_id", "day"))`,
    );
    await q.query(`CREATE INDEX "tenant_usage_daily_day" ON "tenant_usage_daily" ("day")`);
    await q.query(
      `CREATE TABLE "tenant_cost_drift" ("tenant_id" uuid NOT NULL, "day" date NOT NULL, "cost" double precision NOT NULL, "baseline" double precision NOT NULL, "ratio" double precision, "detected_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "tenant_cost_drift_pkey" PRIMARY KEY ("tenant_id", "day"))`,
    );
    await q.query(`CREATE INDEX "tenant_cost_drift_day" ON "tenant_cost_drift" ("day")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "tenant_cost_drift"`);
    await q.query(`DROP TABLE "tenant_usage_daily"`);
  }
}
