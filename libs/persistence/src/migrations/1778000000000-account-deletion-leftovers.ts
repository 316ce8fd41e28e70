import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What an account deletion used to leave behind (@chat/privacy): `media.purge_requested_at` marks
 * uploads whose stored objects are to be removed (the deletion marks them in its transaction, the
 * purge removes the objects, then the rows); `businesses.closed_at` marks a business whose owner
 * was deleted with no agent to take it over (it takes no new conversations).
 */
export class AccountDeletionLeftovers1778000000000 implements MigrationInterface {
  name = 'AccountDeletionLeftovers1778000000000';
  /** See MaintenanceWindow (online-safety.ts). */
  readonly maintenanceWindow = 'Builds media_purge_requested on media without CONCURRENTLY: uploads wait while it builds. Written before migrations had to be online-safe.';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "media" ADD "purge_requested_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`CREATE INDEX "media_purge_requested" ON "media" ("purge_requested_at") WHERE purge_requested_at IS NOT NULL`);
    await q.query(`ALTER TABLE "businesses" ADD "closed_at" TIMESTAMP WITH TIME ZONE`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "businesses" DROP COLUMN "closed_at"`);
    await q.query(`DROP INDEX "media_purge_requested"`);
    await q.query(`ALTER TABLE "media" DROP COLUMN "purge_requested_at"`);
  }
}
