import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Moderation: bans that keep a user out of a conversation (@chat/conversations; until `expires_at`,
 * or for good when it is null), account bans by tenant administrators (@chat/administration; on
 * `users`, `banned_until` null meaning until lifted), and the moderation log, written in the same
 * transaction as the action it records (`conversation_id` null for account actions). Log ids are
 * UUIDv7, so `id` orders entries by time and pages them.
 */
export class Moderation1771000000000 implements MigrationInterface {
  name = 'Moderation1771000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "conversation_bans" ("conversation_id" uuid NOT NULL, "user_id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "banned_by" uuid NOT NULL, "reason" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "conversation_bans_pkey" PRIMARY KEY ("conversation_id", "user_id"))`,
    );
    await q.query(
      `CREATE TABLE "moderation_log" ("id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "conversation_id" uuid, "actor_id" uuid NOT NULL, "action" text NOT NULL, "target_user_id" uuid, "message_id" uuid, "reason" text, "details" jsonb NOT NULL DEFAULT '{}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "moderation_log_pkey" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "moderation_log_conversation" ON "moderation_log" ("conversation_id", "id")`);
    await q.query(`CREATE INDEX "moderation_log_tenant" ON "moderation_log" ("tenant_id", "id")`);
    await q.query(`ALTER TABLE "users" ADD "banned_at" TIMESTAMP WITH TIME ZONE, ADD "banned_until" TIMESTAMP WITH TIME ZONE, ADD "ban_reason" text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "users" DROP COLUMN "banned_at", DROP COLUMN "banned_until", DROP COLUMN "ban_reason"`);
    await q.query(`DROP TABLE "moderation_log"`);
    await q.query(`DROP TABLE "conversation_bans"`);
  }
}
