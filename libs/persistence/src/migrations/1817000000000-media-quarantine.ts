import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Uploads the malware scan refused, held for administrators (MediaQuarantineEntity). A new table: nothing locked. */
export class MediaQuarantine1817000000000 implements MigrationInterface {
  name = 'MediaQuarantine1817000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "media_quarantine" ("id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "uploader_id" uuid NOT NULL, "name" text NOT NULL, "content_type" text NOT NULL, "size" bigint NOT NULL, "signature" text NOT NULL, "storage_key" text NOT NULL, "quarantined_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "media_quarantine_pkey" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "media_quarantine_tenant" ON "media_quarantine" ("tenant_id", "id")`);
    await q.query(`CREATE INDEX "media_quarantine_age" ON "media_quarantine" ("quarantined_at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "media_quarantine"`);
  }
}
