import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reactions (write side) and the query side's read model: the conversation list (`rm_conversations`
 * one row per conversation, `rm_members` one per membership), the per-tenant change log that
 * `GET /v1/sync` pages through (`rm_changes`), the inbox of applied event ids that makes the
 * projection idempotent (`rm_inbox`), and `rm_meta`, whose version tells the projection when it
 * must rebuild from the source tables. The read model is filled by the projection at start.
 */
export class RealtimeReadModels1764000000000 implements MigrationInterface {
  name = 'RealtimeReadModels1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "message_reactions" ("message_id" uuid NOT NULL, "emoji" text NOT NULL, "user_id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "conversation_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "message_reactions_pkey" PRIMARY KEY ("message_id", "emoji", "user_id"))`);

    await q.query(`CREATE TABLE "rm_conversations" ("conversation_id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "type" text NOT NULL, "name" text, "description" text, "visibility" text NOT NULL, "created_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_seq" bigint NOT NULL DEFAULT 0, "member_count" integer NOT NULL DEFAULT 0, "last_message" jsonb, "deleted_seqs" bigint[] NOT NULL DEFAULT '{}', CONSTRAINT "rm_conversations_pkey" PRIMARY KEY ("conversation_id"))`);
    await q.query(`CREATE TABLE "rm_members" ("conversation_id" uuid NOT NULL, "user_id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "last_read_seq" bigint NOT NULL DEFAULT 0, "muted" boolean NOT NULL DEFAULT false, "own_unread_seqs" bigint[] NOT NULL DEFAULT '{}', CONSTRAINT "rm_members_pkey" PRIMARY KEY ("conversation_id", "user_id"))`);
    await q.query(`CREATE INDEX "rm_members_user" ON "rm_members" ("tenant_id", "user_id")`);

    await q.query(`CREATE TABLE "rm_changes" ("position" BIGSERIAL NOT NULL, "tenant_id" uuid NOT NULL, "conversation_id" uuid NOT NULL, "audience" text NOT NULL, "user_id" uuid, "message_id" uuid, "type" text NOT NULL, "payload" jsonb NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "rm_changes_pkey" PRIMARY KEY ("position"))`);
    await q.query(`CREATE INDEX "rm_changes_conversation" ON "rm_changes" ("conversation_id", "position") WHERE audience = 'members'`);
    await q.query(`CREATE INDEX "rm_changes_user" ON "rm_changes" ("tenant_id", "user_id", "position") WHERE user_id IS NOT NULL`);
    await q.query(`CREATE INDEX "rm_changes_message" ON "rm_changes" ("message_id") WHERE message_id IS NOT NULL`);

    await q.query(`CREATE TABLE "rm_inbox" ("consumer" text NOT NULL, "event_id" uuid NOT NULL, "applied_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "rm_inbox_pkey" PRIMARY KEY ("consumer", "event_id"))`);
    await q.query(`CREATE INDEX "rm_inbox_applied_at" ON "rm_inbox" ("applied_at")`);
    await q.query(`CREATE TABLE "rm_meta" ("name" text NOT NULL, "version" integer NOT NULL, "rebuilt_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "rm_meta_pkey" PRIMARY KEY ("name"))`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['rm_meta', 'rm_inbox', 'rm_changes', 'rm_members', 'rm_conversations', 'message_reactions']) await q.query(`DROP TABLE "${table}"`);
  }
}
