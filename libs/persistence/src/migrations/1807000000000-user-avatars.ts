import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `users.avatar_url`: the person's picture as the organisation's main service last said
 * (@chat/identity profile-source/), an http(s) URL; null for none, and for every account before.
 * A nullable column without a default changes only the catalog: no rewrite, and the previous
 * release keeps reading and writing users without it.
 */
export class UserAvatars1807000000000 implements MigrationInterface {
  name = 'UserAvatars1807000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "users" ADD COLUMN IF NOT EXISTS "avatar_url" text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "users" DROP COLUMN IF EXISTS "avatar_url"`);
  }
}
