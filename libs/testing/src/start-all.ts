/**
 * Starts several things at once for a beforeAll, like Promise.all, but waits for every one to
 * settle before it rethrows the first failure. Each start assigns its own variable as it
 * resolves, so afterAll closes whatever did start, and nothing is still starting behind it.
 */
export async function startAll(starts: readonly Promise<unknown>[]): Promise<void> {
  const settled = await Promise.allSettled(starts);
  for (const result of settled) if (result.status === 'rejected') throw result.reason;
}
