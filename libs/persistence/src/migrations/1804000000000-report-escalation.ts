import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reports nobody in their conversation can act on (a direct conversation, or one whose only
 * moderators are the people involved) go to the tenant's administrators: `escalated` marks them,
 * the administrators' queue reads them by tenant, and finding a tenant's administrators reads the
 * few accounts with the `admin` role. The indexes are built CONCURRENTLY, so outside a transaction;
 * a build that failed half-way leaves an invalid index, dropped first so that running this again
 * repairs it.
 */
export class ReportEscalation1804000000000 implements MigrationInterface {
  name = 'ReportEscalation1804000000000';
  /** CREATE INDEX CONCURRENTLY cannot run in a transaction block (TypeORM honours this per migration). */
  readonly transaction = false;

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "message_reports" ADD COLUMN IF NOT EXISTS "escalated" boolean NOT NULL DEFAULT false`);
    await q.query(`DROP INDEX CONCURRENTLY IF EXISTS "message_reports_tenant"`);
    await q.query(`CREATE INDEX CONCURRENTLY "message_reports_tenant" ON "message_reports" ("tenant_id", "status", "id")`);
    await q.query(`DROP INDEX CONCURRENTLY IF EXISTS "users_tenant_admins"`);
    await q.query(`CREATE INDEX CONCURRENTLY "users_tenant_admins" ON "users" ("tenant_id") WHERE tenant_role = 'admin'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX CONCURRENTLY IF EXISTS "users_tenant_admins"`);
    await q.query(`DROP INDEX CONCURRENTLY IF EXISTS "message_reports_tenant"`);
    await q.query(`ALTER TABLE "message_reports" DROP COLUMN IF EXISTS "escalated"`);
  }
}
