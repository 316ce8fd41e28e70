import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Logins remember the device they were made on and when they were last renewed (GET /v1/me/sessions). */
export class SessionDevices1776000000000 implements MigrationInterface {
  name = 'SessionDevices1776000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "auth_sessions" ADD "user_agent" text, ADD "ip" text, ADD "last_used_at" TIMESTAMP WITH TIME ZONE`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "auth_sessions" DROP COLUMN "last_used_at", DROP COLUMN "ip", DROP COLUMN "user_agent"`);
  }
}
