import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { RateLimiter } from './rate-limiter.port';

/**
 * The behaviour every RateLimiter adapter must show (the arithmetic of `takeToken` on a real
 * clock), as plain cases a spec turns into tests. `make` returns limiters that share one store:
 * for memory, one instance; for Redis, one client per "node".
 */
export interface RateLimiterContractCase {
  name: string;
  run(make: () => RateLimiter): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const key = () => `contract:${randomUUID()}`;

export const RATE_LIMITER_CONTRACT: RateLimiterContractCase[] = [
  {
    name: 'allows a burst, then refuses with the wait until the next token',
    async run(make) {
      const limiter = make();
      const k = key();
      // One token a second: four calls take far less on any box (at 10 a second, a loaded run of
      // four round trips to a Redis Cluster took over the 100 ms that refills one).
      const rule = { ratePerSecond: 1, burst: 3 };
      for (let i = 0; i < 3; i++) assert.equal((await limiter.consume(k, rule)).allowed, true);
      const refused = await limiter.consume(k, rule);
      assert.equal(refused.allowed, false);
      assert.ok(refused.retryAfterMs > 0 && refused.retryAfterMs <= 1000, `retryAfterMs ${refused.retryAfterMs}`);
    },
  },
  {
    name: 'refills at the configured rate',
    async run(make) {
      const limiter = make();
      const k = key();
      // Four tokens a second: the second call must come within 250 ms of the first to be refused,
      // which a loaded CI box kept (at 20 a second one took over the 50 ms that refills a token).
      const rule = { ratePerSecond: 4, burst: 1 };
      assert.equal((await limiter.consume(k, rule)).allowed, true);
      assert.equal((await limiter.consume(k, rule)).allowed, false);
      await sleep(300);
      assert.equal((await limiter.consume(k, rule)).allowed, true);
    },
  },
  {
    name: 'callers have buckets of their own',
    async run(make) {
      const limiter = make();
      const rule = { ratePerSecond: 0.01, burst: 1 };
      const [a, b] = [key(), key()];
      assert.equal((await limiter.consume(a, rule)).allowed, true);
      assert.equal((await limiter.consume(a, rule)).allowed, false);
      assert.equal((await limiter.consume(b, rule)).allowed, true);
    },
  },
  {
    name: 'peek tells the tokens left without spending any',
    async run(make) {
      const limiter = make();
      const k = key();
      const rule = { ratePerSecond: 0.01, burst: 3 };
      assert.equal(Math.floor(await limiter.peek(k, rule)), 3);
      await limiter.consume(k, rule);
      await limiter.consume(k, rule);
      assert.equal(Math.floor(await limiter.peek(k, rule)), 1);
      assert.equal(Math.floor(await limiter.peek(k, rule)), 1);
      assert.equal((await limiter.consume(k, rule)).allowed, true);
    },
  },
  {
    name: 'reset fills the bucket again, for every node, and only that bucket',
    async run(make) {
      const [a, b] = [make(), make()];
      const [k, other] = [key(), key()];
      const rule = { ratePerSecond: 0.01, burst: 2 };
      for (const k2 of [k, k, other]) await a.consume(k2, rule);
      assert.equal((await b.consume(k, rule)).allowed, false);
      await a.reset(k);
      assert.equal(Math.floor(await b.peek(k, rule)), 2);
      assert.equal((await b.consume(k, rule)).allowed, true);
      assert.equal(Math.floor(await b.peek(other, rule)), 1);
      await a.reset(key()); // a bucket never used: nothing to forget, no error
    },
  },
  {
    name: 'concurrent calls never spend more than the burst',
    async run(make) {
      const limiters = [make(), make()];
      const k = key();
      const rule = { ratePerSecond: 0.01, burst: 5 };
      const decisions = await Promise.all(Array.from({ length: 24 }, (_, i) => limiters[i % 2].consume(k, rule)));
      assert.equal(decisions.filter((d) => d.allowed).length, 5);
    },
  },
];
