import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Uploaded media (@chat/media): one row per complete upload, written after the file is fsynced
 * and renamed into place, so an aborted upload leaves neither. `(tenant_id, size)` serves the
 * per-tenant quota sum with an index-only scan.
 */
export class Media1766000000000 implements MigrationInterface {
  name = 'Media1766000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "media" ("id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "uploader_id" uuid NOT NULL, "name" text NOT NULL, "content_type" text NOT NULL, "size" bigint NOT NULL, "storage_key" text NOT NULL, "thumbnail_key" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "media_pkey" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "media_tenant_size" ON "media" ("tenant_id", "size")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "media"`);
  }
}
