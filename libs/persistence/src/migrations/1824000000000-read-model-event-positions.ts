import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The read model's watermarks (ReadModelConsumer): per conversation and per piece of state that an
 * event overwrites whole (the conversation itself, one member's membership, role, mute or favourite),
 * the outbox position of the newest event applied to it. An older event (a dead letter replayed
 * after newer ones) is skipped instead of taking the state back. Empty at first: the events
 * applied before it are not known, so the first one of each piece applies as before.
 */
export class ReadModelEventPositions1824000000000 implements MigrationInterface {
  name = 'ReadModelEventPositions1824000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE IF NOT EXISTS "rm_event_positions" ("conversation_id" uuid NOT NULL, "subject" text NOT NULL, "tenant_id" uuid NOT NULL, "position" bigint NOT NULL, CONSTRAINT "rm_event_positions_pkey" PRIMARY KEY ("conversation_id", "subject"))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "rm_event_positions"`);
  }
}
