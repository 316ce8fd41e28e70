import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Events a consumer group set aside after CONSUMER_MAX_ATTEMPTS tries (ConsumerDelivery,
 * @chat/platform), so the group moves on; operators list and replay them. One row per group and
 * event (a replay that fails again adds its attempts to the row); `replayed_at` is set while a
 * replay is under way and kept once it passed, so pending letters are those where it is null.
 */
export class ConsumerDeadLetters1795000000000 implements MigrationInterface {
  name = 'ConsumerDeadLetters1795000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "consumer_dead_letters" ("consumer_group" text NOT NULL, "event_id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "event_name" text NOT NULL, "envelope" jsonb NOT NULL, "error" text NOT NULL, "attempts" integer NOT NULL, "first_failed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_failed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "replayed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "consumer_dead_letters_pkey" PRIMARY KEY ("consumer_group", "event_id"))`,
    );
    await q.query(`CREATE INDEX "consumer_dead_letters_pending" ON "consumer_dead_letters" ("consumer_group", "last_failed_at") WHERE replayed_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "consumer_dead_letters"`);
  }
}
