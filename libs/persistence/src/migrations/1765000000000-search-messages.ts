import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The Postgres full-text search index of messages (the embedded mode's search; Elasticsearch
 * replaces it when ELASTICSEARCH_URL is set). A table of its own, filled by the search projection
 * (consumer group `search-indexer`) from message events, so sending a message pays nothing for
 * search: one row per message with the `simple` tsvector of its folded body (lower-cased words,
 * no stemming, like Elasticsearch's `standard` analyzer; see @chat/search's foldForSearch) under
 * a GIN index, and the version it was built from. Messages stored before this migration are
 * indexed here once, folded by SQL's lower() (ASCII only under the embedded cluster's locale C,
 * so their non-ASCII capitals match only as written until the message is edited); later ones
 * arrive as events.
 */
export class SearchMessages1765000000000 implements MigrationInterface {
  name = 'SearchMessages1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "search_messages" ("message_id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "conversation_id" uuid NOT NULL, "sender_id" uuid NOT NULL, "seq" bigint NOT NULL, "version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "deleted" boolean NOT NULL DEFAULT false, "body" text NOT NULL, "document" tsvector NOT NULL, CONSTRAINT "search_messages_pkey" PRIMARY KEY ("message_id"))`,
    );
    await q.query(`CREATE INDEX "search_messages_document" ON "search_messages" USING gin ("document")`);
    await q.query(`CREATE INDEX "search_messages_conversation" ON "search_messages" ("conversation_id")`);
    await q.query(
      `INSERT INTO "search_messages" (message_id, tenant_id, conversation_id, sender_id, seq, version, created_at, deleted, body, document)
       SELECT id, tenant_id, conversation_id, sender_id, seq, version, created_at, deleted_at IS NOT NULL, body, to_tsvector('simple', translate(lower(body), '<&', '  ')) FROM messages`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "search_messages"`);
  }
}
