import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Two-step login with TOTP (@chat/identity, seed 003 req. 11.5): the secret, when it came into force, and the last step used. */
export class Mfa1777000000000 implements MigrationInterface {
  name = 'Mfa1777000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "users" ADD "mfa_secret" text, ADD "mfa_enabled_at" TIMESTAMP WITH TIME ZONE, ADD "mfa_used_step" bigint`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "users" DROP COLUMN "mfa_used_step", DROP COLUMN "mfa_enabled_at", DROP COLUMN "mfa_secret"`);
  }
}
