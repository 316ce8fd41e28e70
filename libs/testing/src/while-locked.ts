import { Client } from 'pg';

/**
 * Runs `work` while a session of its own holds the lock `lockSql` takes (a row `FOR UPDATE`, a
 * `LOCK TABLE`): what needs that lock waits meanwhile. The lock is released when `work` ends, even
 * when it throws, so a failing test never leaves the app's statements hanging.
 */
export async function whileLocked<T>(databaseUrl: string, lockSql: string, params: unknown[], work: () => Promise<T>): Promise<T> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    await db.query('BEGIN');
    await db.query(lockSql, params);
    return await work();
  } finally {
    await db.query('COMMIT').catch(() => undefined);
    await db.end();
  }
}
