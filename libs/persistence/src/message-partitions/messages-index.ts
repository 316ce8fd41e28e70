import type { QueryRunner } from 'typeorm';
import { isMessagesPartitioned, messagesPartitions } from './messages-catalog';

/** A partial index of `messages`: its name, its columns, and the rows it holds. */
export interface MessagesIndex {
  name: string;
  columns: string;
  /** Unqualified, so that a query on `messages` under any alias reads the index by naming it. */
  where: string;
}

/**
 * The messages each member's unread "@" count reads (ReadModelRepository): live ones that mention
 * someone or answer a message. The count then reads the few such rows after a read pointer, never
 * the history between.
 */
export const ADDRESSED_MESSAGES_INDEX: MessagesIndex = {
  name: 'messages_addressed',
  columns: 'conversation_id, seq',
  where: 'deleted_at IS NULL AND (mentions IS NOT NULL OR reply_to_seq IS NOT NULL)',
};

/**
 * The condition that a row `alias` of messages is addressed to the user in parameter `user` (e.g.
 * `$2`): from someone else, it mentions them or answers a message of theirs that stands (read by its
 * seq, a correlated subquery: never all of the user's own messages hashed, which a bot's could not
 * afford). Beside ADDRESSED_MESSAGES_INDEX.where, which a query names to read only such rows.
 */
export function addressedToSql(alias: string, user: string): string {
  return `${alias}.sender_id <> ${user} AND (${user} = ANY (${alias}.mentions) OR coalesce((SELECT a.sender_id = ${user} FROM messages a
           WHERE a.conversation_id = ${alias}.conversation_id AND a.seq = ${alias}.reply_to_seq AND a.deleted_at IS NULL), false))`;
}

/**
 * Builds an index of `messages` without holding sends (for a migration run outside a transaction),
 * on a plain table or a partitioned one (MessagePartitions), where CREATE INDEX CONCURRENTLY is
 * refused: there the index is made on the partitioned table alone, invalid until each partition's
 * own index, built concurrently, is attached to it. Partitions made later get it from the parent. A
 * build that failed half-way leaves an invalid index of that name, dropped first, and partitions
 * done already are skipped, so that running this again repairs it.
 */
export async function createMessagesIndexOnline(q: QueryRunner, index: MessagesIndex): Promise<void> {
  const { name } = index;
  const definition = indexDefinition(index);
  if (!(await isMessagesPartitioned(q))) {
    await q.query(`DROP INDEX CONCURRENTLY IF EXISTS ${name}`);
    await q.query(`CREATE INDEX CONCURRENTLY ${name} ON messages ${definition}`);
    return;
  }
  await q.query(`CREATE INDEX IF NOT EXISTS ${name} ON ONLY messages ${definition}`);
  // Partitions whose own index is attached already (a run that stopped half-way) are done.
  const done = new Set(
    ((await q.query(
      `SELECT own.indrelid::regclass::text AS partition FROM pg_inherits attached JOIN pg_index own ON own.indexrelid = attached.inhrelid WHERE attached.inhparent = '${name}'::regclass`,
    )) as { partition: string }[]).map((row) => row.partition),
  );
  for (const { name: partition } of await messagesPartitions(q)) {
    if (done.has(partition)) continue;
    const own = `${partition}_${name.replace(/^messages_/, '')}`;
    await q.query(`DROP INDEX CONCURRENTLY IF EXISTS ${own}`);
    await q.query(`CREATE INDEX CONCURRENTLY ${own} ON ${partition} ${definition}`);
    await q.query(`ALTER INDEX ${name} ATTACH PARTITION ${own}`);
  }
}

/** What follows `ON <table>` in the index's CREATE INDEX. */
export function indexDefinition({ columns, where }: MessagesIndex): string {
  return `(${columns}) WHERE ${where}`;
}
