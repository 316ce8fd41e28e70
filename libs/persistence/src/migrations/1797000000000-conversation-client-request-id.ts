import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `POST /v1/conversations` may carry a `clientRequestId`: the same creator sending it again gets the
 * conversation made the first time. The column is nullable (the previous release inserts rows
 * without it); the unique index that settles a race between two such creates is built CONCURRENTLY,
 * which Postgres refuses inside a transaction, so this migration runs outside one. A build that failed
 * half-way leaves an invalid index of that name: it is dropped first, so running this again repairs it.
 */
export class ConversationClientRequestId1797000000000 implements MigrationInterface {
  name = 'ConversationClientRequestId1797000000000';
  /** CREATE INDEX CONCURRENTLY cannot run in a transaction block (TypeORM honours this per migration). */
  readonly transaction = false;

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "conversations" ADD COLUMN IF NOT EXISTS "client_request_id" text`);
    await q.query(`DROP INDEX CONCURRENTLY IF EXISTS "conversations_client_request"`);
    await q.query(`CREATE UNIQUE INDEX CONCURRENTLY "conversations_client_request" ON "conversations" ("created_by", "client_request_id") WHERE client_request_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX CONCURRENTLY IF EXISTS "conversations_client_request"`);
    await q.query(`ALTER TABLE "conversations" DROP COLUMN IF EXISTS "client_request_id"`);
  }
}
