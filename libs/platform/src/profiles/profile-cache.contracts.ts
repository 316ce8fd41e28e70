import assert from 'node:assert/strict';
import type { ContractCase } from '../ephemeral/ephemeral-store.contracts';
import type { ProfileCache } from './profile-cache.port';

/**
 * What every ProfileCache adapter must do, as plain cases (`for (const c of PROFILE_CACHE_CONTRACT)
 * it(c.name, () => c.run(() => freshCache()))`). `make` may be called more than once per case: each
 * call is another node sharing the same state (for Redis, another connection under the same
 * prefix). Times are near the real clock, since Redis also expires the keys itself.
 */
export const PROFILE_CACHE_CONTRACT: ContractCase<() => ProfileCache>[] = [
  {
    name: 'a subject never fetched is stale; the answer keeps the order given, each subject once',
    async run(make) {
      const [a, b] = [unique('a'), unique('b')];
      assert.deepEqual(await make().stale([b, a, b], Date.now()), [b, a]);
    },
  },
  {
    name: 'a fetched subject is fresh until its TTL ends, then stale again',
    async run(make) {
      const cache = make();
      const [a, b] = [unique('a'), unique('b')];
      const t0 = Date.now();
      await cache.markFetched([a], t0, 60_000);
      assert.deepEqual(await cache.stale([a, b], t0 + 59_999), [b]);
      assert.deepEqual(await cache.stale([a, b], t0 + 60_000), [a, b]);
    },
  },
  {
    name: 'a fetch recorded by one node is fresh on another, and forgetting it on either makes it stale for both',
    async run(make) {
      const [one, two] = [make(), make()];
      const [a, b] = [unique('a'), unique('b')];
      const t0 = Date.now();
      await one.markFetched([a, b], t0, 60_000);
      assert.deepEqual(await two.stale([a, b], t0 + 1), []);
      await two.forget([a]);
      assert.deepEqual(await one.stale([a, b], t0 + 1), [a]);
    },
  },
  {
    name: 'a fetch recorded again starts its TTL again; empty lists are no-ops',
    async run(make) {
      const cache = make();
      const a = unique('a');
      const t0 = Date.now();
      await cache.markFetched([a], t0, 1_000);
      await cache.markFetched([a], t0 + 500, 60_000);
      assert.deepEqual(await cache.stale([a], t0 + 2_000), []);
      await cache.markFetched([], t0, 1_000);
      await cache.forget([]);
      assert.deepEqual(await cache.stale([], t0), []);
    },
  },
];

function unique(name: string): string {
  return `${name}-${Math.random().toString(36).slice(2)}-${process.hrtime.bigint()}`;
}
