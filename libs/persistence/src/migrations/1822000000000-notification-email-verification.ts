import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A notification address must be verified before mail goes to it: when it was (null until then),
 * and the pending code (its hash only), its expiry and the wrong tries spent on it. Addresses
 * stored before this are unverified: their owners verify once, as nobody ever proved them theirs.
 * Nullable columns and a constant default: no rewrite, a brief lock.
 */
export class NotificationEmailVerification1822000000000 implements MigrationInterface {
  name = 'NotificationEmailVerification1822000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE "notification_settings" ADD COLUMN IF NOT EXISTS "email_verified_at" timestamptz, ADD COLUMN IF NOT EXISTS "email_code_hash" text, ADD COLUMN IF NOT EXISTS "email_code_expires_at" timestamptz, ADD COLUMN IF NOT EXISTS "email_code_attempts" integer NOT NULL DEFAULT 0`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE "notification_settings" DROP COLUMN "email_verified_at", DROP COLUMN "email_code_hash", DROP COLUMN "email_code_expires_at", DROP COLUMN "email_code_attempts"`,
    );
  }
}
