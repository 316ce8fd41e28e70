import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Where the search backfill stands in each search index it fills from `messages` (SearchBackfill):
 * keyed by the index's incarnation (see MessageSearchIndex.incarnation), the last message it put
 * there by (conversation_id, seq), and when it was done. Postgres's own index is marked done: the
 * migration that made `search_messages` filled it, and the projection has kept it since.
 */
export class SearchBackfills1825000000000 implements MigrationInterface {
  name = 'SearchBackfills1825000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE IF NOT EXISTS "search_backfills" ("incarnation" text PRIMARY KEY, "after_conversation_id" uuid, "after_seq" bigint, "indexed" bigint NOT NULL DEFAULT 0, "started_at" timestamptz NOT NULL DEFAULT now(), "completed_at" timestamptz)`,
    );
    await q.query(`INSERT INTO "search_backfills" ("incarnation", "completed_at") VALUES ('postgres', now()) ON CONFLICT DO NOTHING`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "search_backfills"`);
  }
}
