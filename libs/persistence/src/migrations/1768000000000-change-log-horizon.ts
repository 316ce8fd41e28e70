import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Where the sync change log's retention has deleted up to (see RmChangeLogHorizonEntity). */
export class ChangeLogHorizon1768000000000 implements MigrationInterface {
  name = 'ChangeLogHorizon1768000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "rm_change_log_horizon" ("id" smallint NOT NULL, "pruned_through" bigint NOT NULL, CONSTRAINT "rm_change_log_horizon_pkey" PRIMARY KEY ("id"))`);
    await q.query(`INSERT INTO "rm_change_log_horizon" ("id", "pruned_through") VALUES (1, 0)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "rm_change_log_horizon"`);
  }
}
