import type { DataSource } from 'typeorm';

/**
 * Runs `work` while this process holds the session advisory lock named `name`, or answers null at
 * once when another process holds it: periodic jobs on every replica use it so that one runs a
 * pass while the others skip it. The lock lives on a connection of its own, held for the pass, and
 * is let go however the pass ends.
 */
export async function exclusivePass<T>(dataSource: DataSource, name: string, work: () => Promise<T>): Promise<T | null> {
  const lock = dataSource.createQueryRunner();
  await lock.connect();
  try {
    const [{ locked }] = await lock.query(`SELECT pg_try_advisory_lock(hashtext($1)) AS locked`, [name]);
    if (!locked) return null;
    try {
      return await work();
    } finally {
      await lock.query(`SELECT pg_advisory_unlock(hashtext($1))`, [name]);
    }
  } finally {
    await lock.release();
  }
}
