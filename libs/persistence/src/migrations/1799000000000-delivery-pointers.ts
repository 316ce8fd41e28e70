import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each member's delivery pointer (the highest seq that reached one of their devices). A constant
 * default adds the column without rewriting the table, and the previous release inserts members
 * without it. No backfill: readers take GREATEST(last_delivered_seq, last_read_seq), since reading
 * implies delivery, so existing rows read as delivered up to their read pointer.
 */
export class DeliveryPointers1799000000000 implements MigrationInterface {
  name = 'DeliveryPointers1799000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "conversation_members" ADD COLUMN IF NOT EXISTS "last_delivered_seq" bigint NOT NULL DEFAULT 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "conversation_members" DROP COLUMN IF EXISTS "last_delivered_seq"`);
  }
}
