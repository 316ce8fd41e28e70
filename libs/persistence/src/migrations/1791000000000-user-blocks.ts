import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Blocks between users (who may contact whom): one row per blocker and blocked person, in the
 * blocker's tenant. The primary key answers "did a block b"; `user_blocks_blocked` the other way
 * round (the send statement and the notification candidates look both ways up); `user_blocks_page`
 * pages a person's blocks newest first.
 */
export class UserBlocks1791000000000 implements MigrationInterface {
  name = 'UserBlocks1791000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "user_blocks" ("blocker_id" uuid NOT NULL, "blocked_id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "user_blocks_pkey" PRIMARY KEY ("blocker_id", "blocked_id"))`,
    );
    await q.query(`CREATE INDEX "user_blocks_blocked" ON "user_blocks" ("blocked_id", "blocker_id")`);
    await q.query(`CREATE INDEX "user_blocks_page" ON "user_blocks" ("blocker_id", "created_at", "blocked_id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "user_blocks"`);
  }
}
