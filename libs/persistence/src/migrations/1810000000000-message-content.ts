import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createContentReleaseTriggers, dropContentReleaseTriggers } from '../message-content/content-release-triggers';

/**
 * Message content in object storage (seed 004 R12.3, MessageContentOffload):
 * - `messages.content_key`: the object holding an offloaded row's body (null while it is in the row);
 * - `message_content_deletions`: objects to delete once `not_before` passes: queued by the triggers
 *   when a row stops pointing at its object, and by the offload pass before it writes one (an
 *   intent it withdraws when the row takes the object, so a pass that dies leaves no orphan);
 * - `message_content_offload`: how far the pass has gone, and how many rows it has offloaded, one
 *   row (MessageContentCheck refuses to start a process without the store once that is not 0).
 * A nullable column and new tables: the previous release keeps working beside it.
 */
export class MessageContent1810000000000 implements MigrationInterface {
  name = 'MessageContent1810000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "messages" ADD COLUMN "content_key" text`);
    await q.query(
      `CREATE TABLE "message_content_deletions" ("key" text NOT NULL, "not_before" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "message_content_deletions_pkey" PRIMARY KEY ("key"))`,
    );
    await q.query(`CREATE INDEX "message_content_deletions_due" ON "message_content_deletions" ("not_before")`);
    await q.query(
      `CREATE TABLE "message_content_offload" ("singleton" boolean NOT NULL DEFAULT true, "through_id" uuid NOT NULL, "offloaded_rows" bigint NOT NULL DEFAULT 0, CONSTRAINT "message_content_offload_pkey" PRIMARY KEY ("singleton"), CONSTRAINT "message_content_offload_one_row" CHECK ("singleton"))`,
    );
    await q.query(`CREATE FUNCTION message_content_released() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO message_content_deletions (key) VALUES (OLD.content_key) ON CONFLICT (key) DO UPDATE SET not_before = now();
        IF TG_OP = 'UPDATE' THEN
          NEW.content_key := NULL;
          RETURN NEW;
        END IF;
        RETURN NULL;
      END $$`);
    for (const sql of createContentReleaseTriggers('messages')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of dropContentReleaseTriggers('messages')) await q.query(sql);
    await q.query(`DROP FUNCTION message_content_released()`);
    await q.query(`DROP TABLE "message_content_offload"`);
    await q.query(`DROP TABLE "message_content_deletions"`);
    await q.query(`ALTER TABLE "messages" DROP COLUMN "content_key"`);
  }
}
