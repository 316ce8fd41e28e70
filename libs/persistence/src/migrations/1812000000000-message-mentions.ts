import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The members a message names (`mentions` on send), by user id; null when it names nobody. A
 * nullable column without a default: no table rewrite, on a plain or a partitioned `messages`.
 */
export class MessageMentions1812000000000 implements MigrationInterface {
  name = 'MessageMentions1812000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "messages" ADD COLUMN "mentions" uuid[]`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "messages" DROP COLUMN "mentions"`);
  }
}
