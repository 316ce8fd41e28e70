import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Conversation moderation (@chat/conversations): bans that keep a user out of a conversation (until
 * `expires_at`, or for good when it is null), and the moderation log, written in the same
 * transaction as the action it records. Log ids are UUIDv7, so `id` orders entries by time and
 * pages them.
 */
export class Moderation1771000000000 implements MigrationInterface {
  name = 'Moderation1771000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "conversation_bans" ("conversation_id" uuid NOT NULL, "user_id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "banned_by" uuid NOT NULL, "reason" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "conversation_bans_pkey" PRIMARY KEY ("conversation_id", "user_id"))`,
    );
    await q.query(
      `CREATE TABLE "moderation_log" ("id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "conversation_id" uuid NOT NULL, "actor_id" uuid NOT NULL, "action" text NOT NULL, "target_user_id" uuid, "message_id" uuid, "reason" text, "details" jsonb NOT NULL DEFAULT '{}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "moderation_log_pkey" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "moderation_log_conversation" ON "moderation_log" ("conversation_id", "id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "moderation_log"`);
    await q.query(`DROP TABLE "conversation_bans"`);
  }
}
