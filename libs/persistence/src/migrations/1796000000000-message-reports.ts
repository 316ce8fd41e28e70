import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reports of messages to a conversation's moderators (seed 003 req. 16.5): one per reporter and
 * message; `id` is UUIDv7, so it orders and pages a conversation's reports by time.
 */
export class MessageReports1796000000000 implements MigrationInterface {
  name = 'MessageReports1796000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "message_reports" ("id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "conversation_id" uuid NOT NULL, "message_id" uuid NOT NULL, "message_seq" bigint NOT NULL, "sender_id" uuid NOT NULL, "reporter_id" uuid NOT NULL, "reason" text NOT NULL, "note" text, "status" text NOT NULL DEFAULT 'open', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "resolved_by" uuid, "resolved_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "message_reports_pkey" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "message_reports_once" ON "message_reports" ("message_id", "reporter_id")`);
    await q.query(`CREATE INDEX "message_reports_conversation" ON "message_reports" ("conversation_id", "status", "id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "message_reports"`);
  }
}
