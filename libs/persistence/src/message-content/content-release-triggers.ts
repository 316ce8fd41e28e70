/**
 * The triggers that queue an offloaded message's object for deletion (`message_content_deletions`,
 * drained by MessageContentDeletions) in the transaction that stops the row pointing at it: an edit
 * or a re-encryption writes a body into the row, a deletion tombstones it, a purge or an erasure
 * deletes it. Every path that changes or removes messages is covered without knowing about objects.
 * The update trigger runs before the row is written, so it also clears `content_key`; both fire
 * only for offloaded rows (their WHEN), so other rows pay one null test.
 *
 * Created by migration 1810 on `messages`, and again by MessagePartitions when it swaps in a
 * partitioned table (a table made LIKE another has none of its triggers; on a partitioned one they
 * apply to every partition, those attached later included).
 */
export function createContentReleaseTriggers(table: string): string[] {
  return [
    `CREATE TRIGGER "messages_content_released_by_update" BEFORE UPDATE ON "${table}" FOR EACH ROW
       WHEN (OLD.content_key IS NOT NULL AND (NEW.body IS DISTINCT FROM OLD.body OR NEW.deleted_at IS NOT NULL OR NEW.content_key IS DISTINCT FROM OLD.content_key))
       EXECUTE FUNCTION message_content_released()`,
    `CREATE TRIGGER "messages_content_released_by_delete" AFTER DELETE ON "${table}" FOR EACH ROW
       WHEN (OLD.content_key IS NOT NULL) EXECUTE FUNCTION message_content_released()`,
  ];
}

export function dropContentReleaseTriggers(table: string): string[] {
  return [`DROP TRIGGER IF EXISTS "messages_content_released_by_update" ON "${table}"`, `DROP TRIGGER IF EXISTS "messages_content_released_by_delete" ON "${table}"`];
}
