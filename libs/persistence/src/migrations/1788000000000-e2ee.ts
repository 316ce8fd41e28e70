import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * End-to-end encrypted conversations (seed 003 R20). A conversation's flag, current key version and
 * whether membership changed since that key was made live on its row, which the send statement
 * locks anyway. Device public keys, wrapped conversation keys and passphrase-encrypted key
 * backups are opaque to the server: it stores them, checks their shape and hands them out.
 */
export class E2ee1788000000000 implements MigrationInterface {
  name = 'E2ee1788000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "conversations" ADD "e2ee" boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE "conversations" ADD "e2ee_key_version" integer NOT NULL DEFAULT 0`);
    await q.query(`ALTER TABLE "conversations" ADD "e2ee_rotation_required" boolean NOT NULL DEFAULT false`);
    await q.query(
      `CREATE TABLE "e2ee_device_keys" ("user_id" uuid NOT NULL, "device_id" text NOT NULL, "tenant_id" uuid NOT NULL, "public_key" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "e2ee_device_keys_pkey" PRIMARY KEY ("user_id", "device_id"))`,
    );
    await q.query(
      `CREATE TABLE "conversation_key_envelopes" ("conversation_id" uuid NOT NULL, "key_version" integer NOT NULL, "recipient_user_id" uuid NOT NULL, "recipient_device_id" text NOT NULL, "tenant_id" uuid NOT NULL, "sender_user_id" uuid NOT NULL, "sender_device_id" text NOT NULL, "ephemeral_public_key" jsonb NOT NULL, "iv" text NOT NULL, "wrapped_key" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "conversation_key_envelopes_pkey" PRIMARY KEY ("conversation_id", "key_version", "recipient_user_id", "recipient_device_id"))`,
    );
    // A device's envelopes of one conversation, all versions (GET …/e2ee/keys).
    await q.query(`CREATE INDEX "conversation_key_envelopes_recipient" ON "conversation_key_envelopes" ("conversation_id", "recipient_user_id", "recipient_device_id")`);
    await q.query(
      `CREATE TABLE "e2ee_key_backups" ("user_id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "blob" text, "opted_out" boolean NOT NULL DEFAULT false, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "e2ee_key_backups_pkey" PRIMARY KEY ("user_id"))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "e2ee_key_backups"`);
    await q.query(`DROP TABLE "conversation_key_envelopes"`);
    await q.query(`DROP TABLE "e2ee_device_keys"`);
    await q.query(`ALTER TABLE "conversations" DROP COLUMN "e2ee_rotation_required"`);
    await q.query(`ALTER TABLE "conversations" DROP COLUMN "e2ee_key_version"`);
    await q.query(`ALTER TABLE "conversations" DROP COLUMN "e2ee"`);
  }
}
