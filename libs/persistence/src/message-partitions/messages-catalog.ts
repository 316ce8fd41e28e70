/** Anything that runs a statement: a DataSource, an EntityManager, or a QueryRunner (outside a transaction, as a concurrent index build needs). */
export interface StatementRunner {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/** Whether `messages` is partitioned (MessagePartitions) or the plain table it starts as. */
export async function isMessagesPartitioned(db: StatementRunner): Promise<boolean> {
  const [layout] = (await db.query(`SELECT relkind = 'p' AS partitioned FROM pg_class WHERE oid = 'messages'::regclass`)) as { partitioned: boolean }[];
  return layout?.partitioned ?? false;
}

/** The partitions of `messages`, each with its bound as Postgres prints it (`FOR VALUES FROM (…) TO (…)`); none while it is plain. */
export async function messagesPartitions(db: StatementRunner): Promise<{ name: string; bound: string }[]> {
  return (await db.query(
    `SELECT c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS bound FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'messages'::regclass`,
  )) as { name: string; bound: string }[];
}
