import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An agent resolves a business conversation (`resolved_at`, and `resolved_seq`: the conversation's
 * last seq then); a customer message after that seq opens it again. Least-busy routing counts open ones.
 */
export class BusinessConversationResolved1793100000000 implements MigrationInterface {
  name = 'BusinessConversationResolved1793100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "business_conversations" ADD "resolved_at" TIMESTAMP WITH TIME ZONE, ADD "resolved_seq" bigint`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "business_conversations" DROP COLUMN "resolved_seq", DROP COLUMN "resolved_at"`);
  }
}
