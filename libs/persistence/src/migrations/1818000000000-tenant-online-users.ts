import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A tenant's override of TENANT_MAX_ONLINE_USERS (null: the default). A nullable column without a default: no rewrite, a brief lock. */
export class TenantOnlineUsers1818000000000 implements MigrationInterface {
  name = 'TenantOnlineUsers1818000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "tenants" ADD COLUMN "max_online_users" integer`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "tenants" DROP COLUMN "max_online_users"`);
  }
}
