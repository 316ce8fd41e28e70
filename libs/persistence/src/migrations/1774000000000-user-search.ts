import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Finding people by the start of their username or display name (GET /v1/users), case-insensitively, without scanning the tenant. */
export class UserSearch1774000000000 implements MigrationInterface {
  name = 'UserSearch1774000000000';
  /** See MaintenanceWindow (online-safety.ts). */
  readonly maintenanceWindow = 'Builds the two name-prefix indexes on users without CONCURRENTLY: sign-ups, logins that touch the row and profile edits wait while they build. Written before migrations had to be online-safe.';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "users_username_prefix" ON "users" ("tenant_id", "username_key" text_pattern_ops)`);
    await q.query(`CREATE INDEX "users_display_name_prefix" ON "users" ("tenant_id", lower("display_name") text_pattern_ops)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "users_display_name_prefix"`);
    await q.query(`DROP INDEX "users_username_prefix"`);
  }
}
