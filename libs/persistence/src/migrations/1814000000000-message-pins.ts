import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Messages pinned to their conversation (`PUT /v1/conversations/:id/pins/:messageId`), by seq. A new table: nothing locked. */
export class MessagePins1814000000000 implements MigrationInterface {
  name = 'MessagePins1814000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "message_pins" ("conversation_id" uuid NOT NULL, "seq" bigint NOT NULL, "tenant_id" uuid NOT NULL, "pinned_by" uuid NOT NULL, "pinned_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "message_pins_pkey" PRIMARY KEY ("conversation_id", "seq"))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "message_pins"`);
  }
}
