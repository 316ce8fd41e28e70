import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tenant data exports (@chat/privacy export-tenant/): one row per export, the job's state included,
 * so a worker that dies mid-way leaves a row whose claim runs out and another pass takes it over.
 * `(tenant_id, id)` serves a tenant's list (ids are UUIDv7: newest last); the partial index finds
 * the work to claim. Users and conversations get a `(tenant_id, id)` index so an export pages
 * through one tenant's rows by keyset without reading the other tenants'.
 */
export class TenantExports1783000000000 implements MigrationInterface {
  name = 'TenantExports1783000000000';
  /** See MaintenanceWindow (online-safety.ts). */
  readonly maintenanceWindow = 'Builds conversations_tenant_id and users_tenant_id without CONCURRENTLY: writes to conversations and users wait while they build. Written before migrations had to be online-safe.';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "tenant_exports" ("tenant_id" uuid NOT NULL, "id" uuid NOT NULL, "requested_by" uuid NOT NULL, "status" text NOT NULL DEFAULT 'pending', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "started_at" TIMESTAMP WITH TIME ZONE, "finished_at" TIMESTAMP WITH TIME ZONE, "claimed_by" text, "claimed_until" TIMESTAMP WITH TIME ZONE, "attempts" integer NOT NULL DEFAULT 0, "file_name" text, "size_bytes" bigint, "counts" jsonb, "error" text, CONSTRAINT "tenant_exports_pkey" PRIMARY KEY ("tenant_id", "id"), CONSTRAINT "tenant_exports_status" CHECK ("status" IN ('pending', 'running', 'ready', 'failed')))`,
    );
    await q.query(`CREATE INDEX "tenant_exports_work" ON "tenant_exports" ("created_at") WHERE "status" IN ('pending', 'running')`);
    await q.query(`CREATE INDEX "users_tenant_id" ON "users" ("tenant_id", "id")`);
    await q.query(`CREATE INDEX "conversations_tenant_id" ON "conversations" ("tenant_id", "id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "conversations_tenant_id"`);
    await q.query(`DROP INDEX "users_tenant_id"`);
    await q.query(`DROP TABLE "tenant_exports"`);
  }
}
