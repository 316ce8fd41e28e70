import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Finding businesses by the start of their name or of a word of it (GET /v1/businesses?q=): the
 * words of the name ('simple' configuration: lower-cased, no stemming) in a GIN index, which
 * answers prefix queries (`word:*`) without scanning the tenant. Closed businesses are never
 * listed, so they are left out of the index too.
 */
export class BusinessSearch1779000000000 implements MigrationInterface {
  name = 'BusinessSearch1779000000000';
  /** See MaintenanceWindow (online-safety.ts). */
  readonly maintenanceWindow = 'Builds the GIN name index on businesses without CONCURRENTLY: business edits wait while it builds. Written before migrations had to be online-safe.';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "businesses_name_words" ON "businesses" USING gin (to_tsvector('simple', "name")) WHERE closed_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "businesses_name_words"`);
  }
}
