import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Message bodies sealed at rest (MESSAGE_ENCRYPTION_KEYS, MessageBodyCipher) name their key:
 * `enc1:<keyId>:…`. This index holds that key id for sealed rows only, so that start-up can list
 * the key ids in use by skipping from one to the next (MessageKeysCheck: a few index probes,
 * however large the table) and refuse to start without one of them. With encryption off no row
 * matches the predicate: sends pay nothing for it.
 *
 * Built CONCURRENTLY (messages is the largest table), so outside a transaction; a failed build's
 * invalid index is dropped first, so running this again repairs it.
 */
export class MessageBodyKeys1808000000000 implements MigrationInterface {
  name = 'MessageBodyKeys1808000000000';
  readonly transaction = false;

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX CONCURRENTLY IF EXISTS "messages_body_key"`);
    await q.query(`CREATE INDEX CONCURRENTLY "messages_body_key" ON "messages" ((split_part(body, ':', 2))) WHERE body LIKE 'enc1:%'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX CONCURRENTLY IF EXISTS "messages_body_key"`);
  }
}
