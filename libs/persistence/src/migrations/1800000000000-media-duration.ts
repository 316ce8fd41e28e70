import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An audio upload's length (`media.duration_ms`): read from the file, or declared by the uploader
 * where the server has no reader for its type; null for everything else and for every upload made
 * before. Adding a nullable column without a default changes only the catalog, so the table is
 * not rewritten and the previous release keeps inserting rows without it.
 */
export class MediaDuration1800000000000 implements MigrationInterface {
  name = 'MediaDuration1800000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "media" ADD COLUMN IF NOT EXISTS "duration_ms" integer`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "media" DROP COLUMN IF EXISTS "duration_ms"`);
  }
}
