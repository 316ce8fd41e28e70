import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who may join a tenant by themselves (PATCH /v1/tenant): anyone who knows its name may register
 * (`open_registration`), and guests may log in (`guests_allowed`). Existing tenants keep what
 * they had (both on); a tenant created from now on takes no guests until its administrators say so.
 */
export class TenantSignUp1786000000000 implements MigrationInterface {
  name = 'TenantSignUp1786000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "tenants" ADD "open_registration" boolean NOT NULL DEFAULT true`);
    await q.query(`ALTER TABLE "tenants" ADD "guests_allowed" boolean NOT NULL DEFAULT true`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "tenants" DROP COLUMN "guests_allowed"`);
    await q.query(`ALTER TABLE "tenants" DROP COLUMN "open_registration"`);
  }
}
