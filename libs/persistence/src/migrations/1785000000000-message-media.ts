import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which messages each upload is attached to (seed 003 req. 16.4): deleting the last of them
 * revokes the upload and lets MediaPurge remove its file. Filled from the attachments of the
 * messages not deleted yet.
 */
export class MessageMedia1785000000000 implements MigrationInterface {
  name = 'MessageMedia1785000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "message_media" ("message_id" uuid NOT NULL, "media_id" uuid NOT NULL, "tenant_id" uuid NOT NULL, CONSTRAINT "message_media_pkey" PRIMARY KEY ("message_id", "media_id"))`,
    );
    await q.query(`CREATE INDEX "message_media_media" ON "message_media" ("media_id")`);
    await q.query(
      `INSERT INTO "message_media" ("message_id", "media_id", "tenant_id")
       SELECT DISTINCT m.id, md.id, m.tenant_id
         FROM messages m, jsonb_array_elements(m.attachments) a, media md
        WHERE m.deleted_at IS NULL AND md.id::text = a->>'id'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "message_media"`);
  }
}
