import type { MigrationInterface, QueryRunner } from 'typeorm';
import { DEFAULT_TENANT_ID } from '@chat/contracts';

/** Tables of the foundation: identity, conversations, messages and the outbox. */
export class InitialSchema1700000000000 implements MigrationInterface {
  name = 'InitialSchema1700000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "tenants" ("id" uuid NOT NULL, "name" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_53be67a04681c66b87ee27c9321" PRIMARY KEY ("id"))`);
    await q.query(`INSERT INTO "tenants" ("id", "name") VALUES ($1, 'default')`, [DEFAULT_TENANT_ID]);

    await q.query(`CREATE TABLE "users" ("id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "username" text NOT NULL, "username_key" text NOT NULL, "display_name" text NOT NULL, "password_hash" text, "is_guest" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "users_tenant_username_key" ON "users" ("tenant_id", "username_key")`);

    await q.query(`CREATE TABLE "auth_sessions" ("id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "user_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "revoked_at" TIMESTAMP WITH TIME ZONE, "revoked_reason" text, CONSTRAINT "PK_641507381f32580e8479efc36cd" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "auth_sessions_user" ON "auth_sessions" ("tenant_id", "user_id")`);

    await q.query(`CREATE TABLE "refresh_tokens" ("id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "session_id" uuid NOT NULL, "token_hash" text NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7d8bee0204106019488c4c50ffa" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "refresh_tokens_hash" ON "refresh_tokens" ("token_hash")`);
    await q.query(`CREATE INDEX "refresh_tokens_session" ON "refresh_tokens" ("session_id")`);

    await q.query(`CREATE TABLE "ws_tickets" ("id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "user_id" uuid NOT NULL, "session_id" uuid NOT NULL, "ticket_hash" text NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_f8f78097b75fe60e257fe1fc02f" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "ws_tickets_hash" ON "ws_tickets" ("ticket_hash")`);

    await q.query(`CREATE TABLE "conversations" ("id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "type" text NOT NULL, "name" text, "name_key" text, "description" text, "visibility" text NOT NULL, "direct_key" text, "created_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "deleted_at" TIMESTAMP WITH TIME ZONE, "last_seq" bigint NOT NULL DEFAULT '0', "member_count" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_ee34f4f7ced4ec8681f26bf04ef" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "conversations_public" ON "conversations" ("tenant_id", "name_key") WHERE type = 'channel' AND visibility = 'public' AND deleted_at IS NULL`);
    await q.query(`CREATE UNIQUE INDEX "conversations_direct_pair" ON "conversations" ("tenant_id", "direct_key") WHERE direct_key IS NOT NULL AND deleted_at IS NULL`);
    await q.query(`CREATE UNIQUE INDEX "conversations_channel_name" ON "conversations" ("tenant_id", "name_key") WHERE type = 'channel' AND deleted_at IS NULL`);

    await q.query(`CREATE TABLE "conversation_members" ("conversation_id" uuid NOT NULL, "user_id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "role" text NOT NULL, "joined_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_read_seq" bigint NOT NULL DEFAULT '0', "muted" boolean NOT NULL DEFAULT false, CONSTRAINT "PK_5fa9076068b6f2a26fb793d2439" PRIMARY KEY ("conversation_id", "user_id"))`);
    await q.query(`CREATE INDEX "conversation_members_user" ON "conversation_members" ("tenant_id", "user_id")`);

    await q.query(`CREATE TABLE "messages" ("id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "conversation_id" uuid NOT NULL, "seq" bigint NOT NULL, "sender_id" uuid NOT NULL, "client_message_id" text NOT NULL, "body" text NOT NULL, "attachments" jsonb NOT NULL DEFAULT '[]'::jsonb, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "edited_at" TIMESTAMP WITH TIME ZONE, "deleted_at" TIMESTAMP WITH TIME ZONE, "version" integer NOT NULL DEFAULT '1', CONSTRAINT "PK_18325f38ae6de43878487eff986" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "messages_idempotency" ON "messages" ("conversation_id", "sender_id", "client_message_id")`);
    await q.query(`CREATE UNIQUE INDEX "messages_conversation_seq" ON "messages" ("conversation_id", "seq")`);

    await q.query(`CREATE TABLE "outbox" ("id" BIGSERIAL NOT NULL, "tenant_id" uuid NOT NULL, "event_id" uuid NOT NULL, "event_name" text NOT NULL, "aggregate_type" text NOT NULL, "aggregate_id" uuid NOT NULL, "payload" jsonb NOT NULL, "headers" jsonb NOT NULL DEFAULT '{}'::jsonb, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "published_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_340ab539f309f03bdaa14aa7649" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "outbox_event_id" ON "outbox" ("event_id")`);
    await q.query(`CREATE INDEX "outbox_unpublished" ON "outbox" ("id") WHERE published_at IS NULL`);
    // Wakes the relay when a transaction with outbox rows commits (NOTIFY is delivered on commit),
    // so delivery does not wait for the next poll. One notification per statement, not per row.
    await q.query(`CREATE FUNCTION "outbox_notify"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_notify('outbox_inserted', ''); RETURN NULL; END $$`);
    await q.query(`CREATE TRIGGER "outbox_inserted" AFTER INSERT ON "outbox" FOR EACH STATEMENT EXECUTE FUNCTION "outbox_notify"()`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['outbox', 'messages', 'conversation_members', 'conversations', 'ws_tickets', 'refresh_tokens', 'auth_sessions', 'users', 'tenants']) {
      await q.query(`DROP TABLE "${table}"`);
    }
    await q.query(`DROP FUNCTION "outbox_notify"()`);
  }
}
