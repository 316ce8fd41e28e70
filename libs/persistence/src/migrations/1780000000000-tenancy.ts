import type { MigrationInterface, QueryRunner } from 'typeorm';
import { DEFAULT_TENANT_ID } from '@chat/contracts';

/**
 * Several tenants on one install (TENANCY_MODE=multi): a tenant is named at login by its slug,
 * unique across the install; the default tenant is `default`. An account's role in its tenant
 * (`admin` or `member`) is stored with it, so tenants other than the default one have
 * administrators (ADMIN_USERNAMES names the default tenant's).
 */
export class Tenancy1780000000000 implements MigrationInterface {
  name = 'Tenancy1780000000000';
  /** See MaintenanceWindow (online-safety.ts). */
  readonly maintenanceWindow = "Fills tenants.slug, then sets it NOT NULL and builds its unique index under the table's lock. tenants holds one row per organisation, so the lock is momentary; the previous release never writes tenants without a slug after this runs.";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "tenants" ADD "slug" text`);
    await q.query(`UPDATE "tenants" SET "slug" = 'default' WHERE "id" = $1`, [DEFAULT_TENANT_ID]);
    await q.query(`UPDATE "tenants" SET "slug" = "id"::text WHERE "slug" IS NULL`);
    await q.query(`ALTER TABLE "tenants" ALTER COLUMN "slug" SET NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX "tenants_slug" ON "tenants" ("slug")`);
    await q.query(`ALTER TABLE "users" ADD "tenant_role" text NOT NULL DEFAULT 'member'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "users" DROP COLUMN "tenant_role"`);
    await q.query(`DROP INDEX "tenants_slug"`);
    await q.query(`ALTER TABLE "tenants" DROP COLUMN "slug"`);
  }
}
