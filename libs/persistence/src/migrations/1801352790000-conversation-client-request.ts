import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a `POST /v1/conversations` with a `clientRequestId` asked for (`conversations.client_request`,
 * its normalised fields and a digest of its members), so that a retry is compared with the first
 * request rather than with the conversation as it is now: renamed, or a founding member gone since.
 * Null for every create without a clientRequestId and for those made before (they are compared with
 * the conversation as before). A nullable column without a default changes only the catalog: no
 * rewrite, and the previous release keeps inserting rows without it.
 */
export class ConversationClientRequest1801352790000 implements MigrationInterface {
  name = 'ConversationClientRequest1801352790000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "conversations" ADD COLUMN IF NOT EXISTS "client_request" jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "conversations" DROP COLUMN IF EXISTS "client_request"`);
  }
}
