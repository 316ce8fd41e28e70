import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The conversation list shows each E2EE conversation's key state (`Conversation.e2ee`); null for plaintext ones. */
export class E2eeReadModel1789000000000 implements MigrationInterface {
  name = 'E2eeReadModel1789000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "rm_conversations" ADD "e2ee" jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "rm_conversations" DROP COLUMN "e2ee"`);
  }
}
