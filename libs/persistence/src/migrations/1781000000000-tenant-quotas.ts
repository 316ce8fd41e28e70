import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per-tenant quota overrides (seed 003 R13.2): null keeps the configuration's default
 * (TENANT_MAX_CONNECTIONS, TENANT_MESSAGES_PER_MINUTE, MEDIA_QUOTA_BYTES), 0 is unlimited.
 */
export class TenantQuotas1781000000000 implements MigrationInterface {
  name = 'TenantQuotas1781000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "tenants" ADD COLUMN "max_connections" integer, ADD COLUMN "messages_per_minute" integer, ADD COLUMN "media_quota_bytes" bigint`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "tenants" DROP COLUMN "max_connections", DROP COLUMN "messages_per_minute", DROP COLUMN "media_quota_bytes"`);
  }
}
