import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Uploads under way (MediaUploadEntity), so that one abandoned half-way leaves no object behind. A new table: nothing locked. */
export class MediaUploads1815000000000 implements MigrationInterface {
  name = 'MediaUploads1815000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "media_uploads" ("storage_key" text NOT NULL, "tenant_id" uuid NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "media_uploads_pkey" PRIMARY KEY ("storage_key"))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "media_uploads"`);
  }
}
