import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The unpublished events that take readers out of a conversation (a member left, the conversation
 * was deleted), by conversation: the send statement asks for them with every message, so a
 * message's frame never leaves before such an event (see MessagesRepository.append). Only those
 * rare rows enter the index, so message rows pay nothing for it. The predicate must stay equal to
 * the one in that statement, or the planner cannot use the index.
 */
export class OutboxAudienceChanges1767000000000 implements MigrationInterface {
  name = 'OutboxAudienceChanges1767000000000';
  /** See MaintenanceWindow (online-safety.ts). */
  readonly maintenanceWindow = 'Builds its partial index on outbox without CONCURRENTLY: sends wait while it builds (it covers unpublished rows only, but the build scans the whole table). Written before migrations had to be online-safe.';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX "outbox_unpublished_audience_changes" ON "outbox" ("aggregate_id")
        WHERE published_at IS NULL AND event_name IN ('chat.member.left.v1', 'chat.conversation.deleted.v1')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "outbox_unpublished_audience_changes"`);
  }
}
