import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The unread count leaves out my own messages after my read pointer. It used to keep them in
 * `rm_members.own_unread_seqs`, which a sender who never reads (a bot) grew without bound and each
 * of their sends rewrote. The list now counts them at read time from this index, only for
 * conversations with something after my pointer, and only my own live messages there.
 *
 * The index is built CONCURRENTLY (messages is the largest table), so outside a transaction; a
 * build that failed half-way leaves an invalid index of that name, dropped first so that running
 * this again repairs it. `own_unread_seqs` stays: the previous release reads and writes it until
 * the rollout ends, so a later contract migration drops it (docs/releases.md).
 */
export class OwnLiveMessagesIndex1803000000000 implements MigrationInterface {
  name = 'OwnLiveMessagesIndex1803000000000';
  /** CREATE INDEX CONCURRENTLY cannot run in a transaction block (TypeORM honours this per migration). */
  readonly transaction = false;

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX CONCURRENTLY IF EXISTS "messages_own_live"`);
    await q.query(`CREATE INDEX CONCURRENTLY "messages_own_live" ON "messages" ("conversation_id", "sender_id", "seq") WHERE deleted_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX CONCURRENTLY IF EXISTS "messages_own_live"`);
  }
}
