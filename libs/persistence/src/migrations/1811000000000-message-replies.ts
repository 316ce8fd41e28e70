import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The message a reply answers, by its seq in the same conversation (`replyTo` on send). A seq, not
 * an id: the quote is read by the (conversation_id, seq) index history reads by, and it still
 * names the place in history once the answered message is purged. A nullable column without a
 * default: no table rewrite, on a plain or a partitioned `messages`.
 */
export class MessageReplies1811000000000 implements MigrationInterface {
  name = 'MessageReplies1811000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "messages" ADD COLUMN "reply_to_seq" bigint`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "messages" DROP COLUMN "reply_to_seq"`);
  }
}
