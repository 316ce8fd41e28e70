import { sleep } from './clients';

/**
 * Retries `check` until it stops throwing (or returns), for state that settles asynchronously:
 * the read model trails the outbox relay. Fails with the last error once `timeoutMs` passed.
 */
export async function eventually<T>(check: () => T | Promise<T>, { timeoutMs = 10_000, intervalMs = 50 } = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await sleep(intervalMs);
    }
  }
}
