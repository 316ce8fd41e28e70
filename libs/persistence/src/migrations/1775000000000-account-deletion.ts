import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Account deletion by its holder (@chat/privacy): `deleted_at` marks the account (its row stays,
 * anonymized, so others' conversations keep a sender), `messages_erased_at` when its messages are
 * all tombstones. The sweeper reads deleted accounts whose messages are not erased yet.
 */
export class AccountDeletion1775000000000 implements MigrationInterface {
  name = 'AccountDeletion1775000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "users" ADD "deleted_at" TIMESTAMP WITH TIME ZONE, ADD "messages_erased_at" TIMESTAMP WITH TIME ZONE`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "users" DROP COLUMN "messages_erased_at", DROP COLUMN "deleted_at"`);
  }
}
