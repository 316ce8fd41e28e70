import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When an owner or admin closed a conversation (seed 000's session status): null while it is open,
 * which every existing conversation is. Kept on the write side and in the list's read model, which
 * takes it from the `conversation.updated` snapshots. Nullable columns without a default: no rewrite.
 */
export class ConversationClosed1823000000000 implements MigrationInterface {
  name = 'ConversationClosed1823000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "conversations" ADD COLUMN "closed_at" timestamptz`);
    await q.query(`ALTER TABLE "rm_conversations" ADD COLUMN "closed_at" timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "rm_conversations" DROP COLUMN "closed_at"`);
    await q.query(`ALTER TABLE "conversations" DROP COLUMN "closed_at"`);
  }
}
