import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { userConnectionPool, type ConnectionCounter } from './connection-counter.port';

/**
 * The behaviour every ConnectionCounter adapter must show, as plain cases a spec turns into tests:
 * `for (const c of CONNECTION_COUNTER_CONTRACT) it(c.name, () => c.run(make))`. `make` returns
 * counters that share one store (memory: one instance; Redis: one client per "gateway").
 */
export interface ConnectionCounterContractCase {
  name: string;
  run(make: () => ConnectionCounter): Promise<void>;
}

const T0 = 1_000_000;
const lease = (pool: string, connectionId = randomUUID()) => ({ pool, connectionId });

export const CONNECTION_COUNTER_CONTRACT: ConnectionCounterContractCase[] = [
  {
    name: 'takes places up to the limit, counts them, and frees one on release',
    async run(make) {
      const counter = make();
      const pool = randomUUID();
      const [a, b, c] = [lease(pool), lease(pool), lease(pool)];
      assert.equal(await counter.acquire(a, 2, T0, T0 + 1000), true);
      assert.equal(await counter.acquire(b, 2, T0, T0 + 1000), true);
      assert.equal(await counter.acquire(c, 2, T0, T0 + 1000), false);
      assert.equal(await counter.count(pool, T0), 2);
      await counter.release(a);
      assert.equal(await counter.count(pool, T0), 1);
      assert.equal(await counter.acquire(c, 2, T0, T0 + 1000), true);
    },
  },
  {
    name: 'a limit of 0 never refuses, and the places are still counted',
    async run(make) {
      const counter = make();
      const pool = randomUUID();
      for (let i = 0; i < 5; i++) assert.equal(await counter.acquire(lease(pool), 0, T0, T0 + 1000), true);
      assert.equal(await counter.count(pool, T0), 5);
    },
  },
  {
    name: 'pools have counts of their own',
    async run(make) {
      const counter = make();
      const [p1, p2] = [randomUUID(), userConnectionPool(randomUUID())];
      assert.equal(await counter.acquire(lease(p1), 1, T0, T0 + 1000), true);
      assert.equal(await counter.acquire(lease(p2), 1, T0, T0 + 1000), true);
      assert.equal(await counter.acquire(lease(p1), 1, T0, T0 + 1000), false);
    },
  },
  {
    name: 'a lease not renewed lapses at its deadline (a crashed gateway), a renewed one stays',
    async run(make) {
      const counter = make();
      const pool = randomUUID();
      const [kept, lost] = [lease(pool), lease(pool)];
      await counter.acquire(kept, 2, T0, T0 + 1000);
      await counter.acquire(lost, 2, T0, T0 + 1000);
      await counter.renew([kept], T0, T0 + 5000);
      assert.equal(await counter.count(pool, T0 + 999), 2);
      assert.equal(await counter.count(pool, T0 + 1000), 1);
      assert.equal(await counter.acquire(lease(pool), 2, T0 + 1000, T0 + 2000), true);
      assert.equal(await counter.acquire(lease(pool), 2, T0 + 1000, T0 + 2000), false);
    },
  },
  {
    // A gateway renews every socket it holds in one call; on a Redis Cluster the pools' keys live on different primaries.
    name: 'one renewal renews the leases of many pools at once',
    async run(make) {
      const counter = make();
      const pools = Array.from({ length: 12 }, () => randomUUID());
      const leases = pools.flatMap((pool) => [lease(pool), lease(pool)]);
      for (const l of leases) await counter.acquire(l, 0, T0, T0 + 1000);
      await counter.renew(leases, T0, T0 + 5000);
      for (const pool of pools) assert.equal(await counter.count(pool, T0 + 4999), 2);
    },
  },
  {
    name: 'acquiring again for a connection that holds a place renews it instead of taking a second',
    async run(make) {
      const counter = make();
      const pool = randomUUID();
      const a = lease(pool);
      assert.equal(await counter.acquire(a, 1, T0, T0 + 1000), true);
      assert.equal(await counter.acquire(a, 1, T0, T0 + 3000), true);
      assert.equal(await counter.count(pool, T0 + 2000), 1);
    },
  },
  {
    name: 'concurrent acquires on several nodes never pass the limit',
    async run(make) {
      const counters = [make(), make()];
      const pool = randomUUID();
      const taken = await Promise.all(Array.from({ length: 20 }, (_, i) => counters[i % 2].acquire(lease(pool), 3, T0, T0 + 1000)));
      assert.equal(taken.filter(Boolean).length, 3);
      assert.equal(await counters[0].count(pool, T0), 3);
    },
  },
];
