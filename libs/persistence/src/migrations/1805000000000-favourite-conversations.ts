import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A member's favourite (starred) conversations: a flag on the membership, beside `muted`, and its
 * copy in the conversation list read model. A column with a constant default is added without a
 * table rewrite, and the previous release, which never names it, keeps writing rows it defaults.
 */
export class FavouriteConversations1805000000000 implements MigrationInterface {
  name = 'FavouriteConversations1805000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "conversation_members" ADD COLUMN IF NOT EXISTS "favourite" boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE "rm_members" ADD COLUMN IF NOT EXISTS "favourite" boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "rm_members" DROP COLUMN IF EXISTS "favourite"`);
    await q.query(`ALTER TABLE "conversation_members" DROP COLUMN IF EXISTS "favourite"`);
  }
}
