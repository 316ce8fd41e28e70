import { Client } from 'pg';

/** Cumulative Postgres counters at one instant (pg_stat_database of our database, pg_stat_user_tables, pg_stat_wal). */
export interface DbSnapshot {
  at: number;
  database: Record<string, number>;
  tables: Record<string, Record<string, number>>;
  wal: Record<string, number>;
}

/** What Postgres did over a window, per second and per message acked. */
export interface DbActivity {
  seconds: number;
  commitsPerSec: number;
  rollbacksPerSec: number;
  /** Inserted + updated + deleted rows over all tables. */
  rowsWrittenPerSec: number;
  walRecordsPerSec: number | null;
  walBytesPerSec: number | null;
  /** Per table: scans and row writes per second, busiest first. */
  tables: { name: string; seqScan: number; idxScan: number; inserted: number; updated: number; deleted: number }[];
}

const DATABASE_COUNTERS = ['xact_commit', 'xact_rollback', 'tup_inserted', 'tup_updated', 'tup_deleted', 'tup_fetched', 'tup_returned', 'blks_read', 'blks_hit'];
const TABLE_COUNTERS = ['seq_scan', 'seq_tup_read', 'idx_scan', 'n_tup_ins', 'n_tup_upd', 'n_tup_del', 'n_tup_hot_upd'];

const numeric = (row: Record<string, unknown>, keys?: readonly string[]) =>
  Object.fromEntries(
    Object.entries(row)
      .filter(([k, v]) => (!keys || keys.includes(k)) && v !== null && v !== '' && !Number.isNaN(Number(v)) && !(v instanceof Date))
      .map(([k, v]) => [k, Number(v)]),
  );

/** Reads the counters over an open connection to the server's database. */
export async function readDbSnapshot(client: Client, database: string): Promise<DbSnapshot> {
  const at = Date.now();
  const db = (await client.query('SELECT * FROM pg_stat_database WHERE datname = $1', [database])).rows[0] ?? {};
  const tables = (await client.query('SELECT * FROM pg_stat_user_tables')).rows as Record<string, unknown>[];
  const wal = await client.query('SELECT * FROM pg_stat_wal').then((r) => r.rows[0] ?? {}, () => ({}));
  return {
    at,
    database: numeric(db, DATABASE_COUNTERS),
    tables: Object.fromEntries(tables.map((t) => [String(t.relname), numeric(t, TABLE_COUNTERS)])),
    wal: numeric(wal),
  };
}

/** The difference of two snapshots as rates. Postgres flushes backend counters about once a second, so use windows of many seconds. */
export function dbActivity(a: DbSnapshot, b: DbSnapshot): DbActivity {
  const seconds = Math.max(0.001, (b.at - a.at) / 1000);
  const d = (x: Record<string, number>, y: Record<string, number>, k: string) => ((y[k] ?? 0) - (x[k] ?? 0)) / seconds;
  const tables = Object.keys(b.tables)
    .map((name) => {
      const x = a.tables[name] ?? {};
      const y = b.tables[name];
      return { name, seqScan: d(x, y, 'seq_scan'), idxScan: d(x, y, 'idx_scan'), inserted: d(x, y, 'n_tup_ins'), updated: d(x, y, 'n_tup_upd'), deleted: d(x, y, 'n_tup_del') };
    })
    .filter((t) => t.seqScan + t.idxScan + t.inserted + t.updated + t.deleted > 0)
    .sort((p, q) => q.inserted + q.updated + q.deleted + q.idxScan + q.seqScan - (p.inserted + p.updated + p.deleted + p.idxScan + p.seqScan));
  const hasWal = 'wal_records' in b.wal;
  return {
    seconds,
    commitsPerSec: d(a.database, b.database, 'xact_commit'),
    rollbacksPerSec: d(a.database, b.database, 'xact_rollback'),
    rowsWrittenPerSec: d(a.database, b.database, 'tup_inserted') + d(a.database, b.database, 'tup_updated') + d(a.database, b.database, 'tup_deleted'),
    walRecordsPerSec: hasWal ? d(a.wal, b.wal, 'wal_records') : null,
    walBytesPerSec: hasWal ? d(a.wal, b.wal, 'wal_bytes') : null,
    tables,
  };
}
