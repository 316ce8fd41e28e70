import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Until when a replay holds a dead letter (null: none). A letter is marked replayed only once its
 * events reached the bus; a replay that died in between leaves a lease that runs out, and the
 * letter can be replayed again. A nullable column without a default: no rewrite, a brief lock.
 */
export class DeadLetterReplayLease1819000000000 implements MigrationInterface {
  name = 'DeadLetterReplayLease1819000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "consumer_dead_letters" ADD COLUMN "replay_lease_until" timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "consumer_dead_letters" DROP COLUMN "replay_lease_until"`);
  }
}
