import { dbActivity, type DbSnapshot } from './db-stats';

describe('dbActivity', () => {
  const a: DbSnapshot = {
    at: 0,
    database: { xact_commit: 1000, xact_rollback: 5, tup_inserted: 100, tup_updated: 50, tup_deleted: 0 },
    tables: { messages: { idx_scan: 10, seq_scan: 0, n_tup_ins: 100, n_tup_upd: 0, n_tup_del: 0 }, users: { idx_scan: 7, seq_scan: 1, n_tup_ins: 0, n_tup_upd: 0, n_tup_del: 0 } },
    wal: { wal_records: 500, wal_bytes: 10_000 },
  };
  const b: DbSnapshot = {
    at: 10_000,
    database: { xact_commit: 2000, xact_rollback: 5, tup_inserted: 1100, tup_updated: 550, tup_deleted: 100 },
    tables: {
      messages: { idx_scan: 1010, seq_scan: 0, n_tup_ins: 1100, n_tup_upd: 0, n_tup_del: 0 },
      users: { idx_scan: 7, seq_scan: 1, n_tup_ins: 0, n_tup_upd: 0, n_tup_del: 0 },
      outbox: { idx_scan: 20, seq_scan: 0, n_tup_ins: 1000, n_tup_upd: 1000, n_tup_del: 0 },
    },
    wal: { wal_records: 10_500, wal_bytes: 2_010_000 },
  };

  it('turns counter differences into rates over the window', () => {
    const d = dbActivity(a, b);
    expect(d.seconds).toBe(10);
    expect(d.commitsPerSec).toBe(100);
    expect(d.rollbacksPerSec).toBe(0);
    expect(d.rowsWrittenPerSec).toBe(160);
    expect(d.walRecordsPerSec).toBe(1000);
    expect(d.walBytesPerSec).toBe(200_000);
  });

  it('lists only tables that did something, busiest first (a table new since the first snapshot counts from zero)', () => {
    expect(dbActivity(a, b).tables.map((t) => [t.name, t.inserted, t.updated, t.idxScan])).toEqual([
      ['outbox', 100, 100, 2],
      ['messages', 100, 0, 100],
    ]);
  });

  it('has no WAL rates when pg_stat_wal has no such columns', () => {
    expect(dbActivity({ ...a, wal: {} }, { ...b, wal: {} }).walRecordsPerSec).toBeNull();
  });
});
