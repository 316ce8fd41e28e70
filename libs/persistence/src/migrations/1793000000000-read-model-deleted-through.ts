import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The conversation list keeps the seqs of deleted messages bounded: every seq up to
 * `deleted_through` is deleted (or purged), and `deleted_seqs` holds only the deleted ones above it.
 * 0 keeps the old meaning (the array alone), so rows written before it stay exact.
 */
export class ReadModelDeletedThrough1793000000000 implements MigrationInterface {
  name = 'ReadModelDeletedThrough1793000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "rm_conversations" ADD "deleted_through" bigint NOT NULL DEFAULT 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "rm_conversations" DROP COLUMN "deleted_through"`);
  }
}
