import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ADDRESSED_MESSAGES_INDEX, createMessagesIndexOnline } from '../message-partitions/messages-index';

/**
 * The index the unread "@" count reads (`unreadMentionCount`): live messages that mention someone
 * or answer a message. Built without holding sends, on a plain or a partitioned `messages`
 * (createMessagesIndexOnline), so outside a transaction.
 */
export class AddressedMessagesIndex1813000000000 implements MigrationInterface {
  name = 'AddressedMessagesIndex1813000000000';
  /** CREATE INDEX CONCURRENTLY cannot run in a transaction block (TypeORM honours this per migration). */
  readonly transaction = false;

  async up(q: QueryRunner): Promise<void> {
    await createMessagesIndexOnline(q, ADDRESSED_MESSAGES_INDEX);
  }

  async down(q: QueryRunner): Promise<void> {
    // Dropping a partitioned table's index drops its partitions' with it (not concurrently there).
    await q.query(`DROP INDEX IF EXISTS ${ADDRESSED_MESSAGES_INDEX.name}`);
  }
}
