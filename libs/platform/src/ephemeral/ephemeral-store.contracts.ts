import assert from 'node:assert/strict';
import type { PresenceKey, PresenceStore } from './presence-store.port';
import type { TypingKey, TypingStore } from './typing-store.port';

/**
 * The behaviour every adapter of the presence and typing ports must show, as plain cases that
 * a spec turns into tests (`for (const c of PRESENCE_STORE_CONTRACT) it(c.name, () => c.run(make()))`).
 * Each case expects a store of its own (for Redis: a fresh key prefix). Times are relative to a
 * base near the real clock, so adapters whose engine also sets real expiries (Redis key TTLs
 * as a safety net) behave the same.
 */
export interface ContractCase<S> {
  name: string;
  run(store: S): Promise<void>;
}

const T0 = Date.now();
const unique = () => `${Math.random().toString(36).slice(2)}-${process.hrtime.bigint()}`;
const user = (tenantId = `tenant-${unique()}`): PresenceKey => ({ tenantId, userId: `user-${unique()}` });
const room = (tenantId = `tenant-${unique()}`): TypingKey => ({ tenantId, conversationId: `conv-${unique()}` });

export const PRESENCE_STORE_CONTRACT: ContractCase<PresenceStore>[] = [
  {
    name: 'a user nobody has seen is offline with no history',
    async run(store) {
      const key = user();
      const [record] = await store.read([key], T0);
      assert.deepEqual(record, { ...key, devices: 0, away: false, lastActiveAt: null, lastSeenAt: null, announced: 'offline' });
    },
  },
  {
    name: 'a device lease counts until the moment it ends, and a heartbeat renews it',
    async run(store) {
      const key = user();
      assert.equal((await store.touch(key, 'phone', T0, T0 + 30_000)).devices, 1);
      assert.equal((await store.read([key], T0 + 29_999))[0].devices, 1);
      assert.equal((await store.read([key], T0 + 30_000))[0].devices, 0);
      await store.touch(key, 'phone', T0 + 15_000, T0 + 45_000);
      assert.equal((await store.read([key], T0 + 44_999))[0].devices, 1);
      assert.equal((await store.read([key], T0 + 44_999))[0].lastSeenAt, T0 + 15_000);
    },
  },
  {
    name: 'dropping one of several devices keeps the user; dropping the last ends it at once',
    async run(store) {
      const key = user();
      await store.touch(key, 'phone', T0, T0 + 30_000);
      await store.touch(key, 'laptop', T0 + 1, T0 + 30_001);
      assert.equal((await store.drop(key, 'phone', T0 + 2)).devices, 1);
      const last = await store.drop(key, 'laptop', T0 + 3);
      assert.equal(last.devices, 0);
      assert.equal(last.lastSeenAt, T0 + 3);
    },
  },
  {
    name: 'claimDue hands out a lapsed lease once, at its end and not before, and removes it',
    async run(store) {
      const key = user();
      await store.touch(key, 'phone', T0, T0 + 30_000);
      assert.ok(!(await claimAll(store, T0 + 29_999)).some((k) => same(k, key)));
      assert.ok((await claimAll(store, T0 + 30_000)).some((k) => same(k, key)));
      assert.ok(!(await claimAll(store, T0 + 30_000)).some((k) => same(k, key)));
      const [record] = await store.read([key], T0 + 30_000);
      assert.equal(record.devices, 0);
      assert.equal(record.lastSeenAt, T0, 'lastSeenAt is the last heartbeat, not the sweep');
    },
  },
  {
    name: 'a renewed lease moves the deadline; a lease that lapsed before a renewal of another device is still reported',
    async run(store) {
      const key = user();
      await store.touch(key, 'phone', T0, T0 + 100);
      await store.touch(key, 'phone', T0 + 50, T0 + 200);
      assert.ok(!(await claimAll(store, T0 + 150)).some((k) => same(k, key)));
      await store.touch(key, 'laptop', T0 + 160, T0 + 1_000);
      await store.markActive(key, T0 + 250, T0 + 10_000); // after the phone lapsed, before any sweep
      assert.ok((await claimAll(store, T0 + 260)).some((k) => same(k, key)));
      assert.equal((await store.read([key], T0 + 260))[0].devices, 1);
    },
  },
  {
    name: 'going idle is a deadline of its own, reported once, and activity pushes it back',
    async run(store) {
      const key = user();
      await store.touch(key, 'phone', T0, T0 + 100_000);
      await store.markActive(key, T0, T0 + 500);
      await store.markActive(key, T0 + 100, T0 + 600);
      assert.ok(!(await claimAll(store, T0 + 599)).some((k) => same(k, key)));
      assert.ok((await claimAll(store, T0 + 600)).some((k) => same(k, key)));
      assert.ok(!(await claimAll(store, T0 + 99_999)).some((k) => same(k, key)));
      assert.ok((await claimAll(store, T0 + 100_000)).some((k) => same(k, key)));
      const [record] = await store.read([key], T0 + 100_000);
      assert.equal(record.lastActiveAt, T0 + 100);
    },
  },
  {
    name: 'the away flag is the client’s until the last device goes; a fresh session starts present',
    async run(store) {
      const key = user();
      await store.touch(key, 'phone', T0, T0 + 30_000);
      assert.equal((await store.setAway(key, true, T0 + 1)).away, true);
      assert.equal((await store.touch(key, 'laptop', T0 + 2, T0 + 30_002)).away, true, 'another device joins an away user');
      await store.drop(key, 'phone', T0 + 3);
      assert.equal((await store.drop(key, 'laptop', T0 + 4)).away, false);
      await store.setAway(key, true, T0 + 5);
      assert.equal((await store.touch(key, 'phone', T0 + 6, T0 + 30_006)).away, false);
    },
  },
  {
    name: 'announce is a compare-and-set, so one node announces each change',
    async run(store) {
      const key = user();
      const results = await Promise.all([store.announce(key, 'offline', 'online'), store.announce(key, 'offline', 'online')]);
      assert.deepEqual(results.sort(), [false, true]);
      assert.equal(await store.announce(key, 'online', 'away'), true);
      assert.equal((await store.read([key], T0))[0].announced, 'away');
    },
  },
  {
    name: 'users are kept apart per tenant and read back in the order asked',
    async run(store) {
      const a = user();
      const b = { tenantId: `tenant-${unique()}`, userId: a.userId };
      await store.touch(a, 'phone', T0, T0 + 30_000);
      const records = await store.read([b, a], T0);
      assert.deepEqual(records.map((r) => [r.tenantId, r.devices]), [[b.tenantId, 0], [a.tenantId, 1]]);
    },
  },
];

export const TYPING_STORE_CONTRACT: ContractCase<TypingStore>[] = [
  {
    name: 'lists everyone typing, sorted, and says when the list changed',
    async run(store) {
      const key = room();
      assert.deepEqual(await store.start(key, 'bob', T0, T0 + 5_000, T0), { userIds: ['bob'], changed: true });
      assert.deepEqual(await store.start(key, 'alice', T0 + 1, T0 + 5_001, T0 + 1), { userIds: ['alice', 'bob'], changed: true });
      assert.deepEqual(await store.start(key, 'bob', T0 + 2, T0 + 5_002, T0 + 2), { userIds: ['alice', 'bob'], changed: false });
      assert.deepEqual(await store.stop(key, 'bob', T0 + 3), { userIds: ['alice'], changed: true });
      assert.deepEqual(await store.stop(key, 'bob', T0 + 4), { userIds: ['alice'], changed: false });
    },
  },
  {
    name: 'an entry counts until its end and is invisible from that moment',
    async run(store) {
      const key = room();
      await store.start(key, 'bob', T0, T0 + 5_000, T0);
      assert.deepEqual(await store.list(key, T0 + 4_999), ['bob']);
      assert.deepEqual(await store.list(key, T0 + 5_000), []);
      assert.deepEqual(await store.start(key, 'bob', T0 + 6_000, T0 + 11_000, T0 + 6_000), { userIds: ['bob'], changed: true });
    },
  },
  {
    name: 'expire reports a conversation once when an entry lapses, with who is still typing',
    async run(store) {
      const key = room();
      await store.start(key, 'alice', T0, T0 + 5_000, T0);
      await store.start(key, 'bob', T0 + 2_000, T0 + 7_000, T0 + 2_000);
      assert.ok(!(await expireAll(store, T0 + 4_999)).some((e) => sameRoom(e.key, key)));
      const first = (await expireAll(store, T0 + 5_000)).find((e) => sameRoom(e.key, key));
      assert.deepEqual(first?.userIds, ['bob']);
      assert.ok(!(await expireAll(store, T0 + 5_000)).some((e) => sameRoom(e.key, key)));
      assert.deepEqual((await expireAll(store, T0 + 7_000)).find((e) => sameRoom(e.key, key))?.userIds, []);
    },
  },
  {
    name: 'a refresh moves the end; conversations are kept apart per tenant',
    async run(store) {
      const key = room();
      const other = { tenantId: `tenant-${unique()}`, conversationId: key.conversationId };
      await store.start(key, 'bob', T0, T0 + 5_000, T0);
      await store.start(key, 'bob', T0 + 3_000, T0 + 8_000, T0 + 3_000);
      assert.ok(!(await expireAll(store, T0 + 7_999)).some((e) => sameRoom(e.key, key)));
      assert.deepEqual(await store.list(key, T0 + 7_999), ['bob']);
      assert.deepEqual(await store.list(other, T0 + 7_999), []);
    },
  },
  {
    name: 'a stop bounded by a start time ends an entry started at or before it, and keeps one started (or refreshed) after it',
    async run(store) {
      const key = room();
      // Starts read off a clock of their own, a minute behind the one of `now` (see the port).
      const S0 = T0 - 60_000;
      await store.start(key, 'alice', T0, T0 + 5_000, S0);
      await store.start(key, 'bob', T0 + 10, T0 + 5_010, S0 + 10);
      assert.deepEqual(await store.stop(key, 'bob', T0 + 20, S0 + 9), { userIds: ['alice', 'bob'], changed: false });
      assert.deepEqual(await store.stop(key, 'bob', T0 + 20, S0 + 10), { userIds: ['alice'], changed: true }, 'a start at the bound is ended');
      await store.start(key, 'alice', T0 + 30, T0 + 5_030, S0 + 30);
      assert.deepEqual(await store.stop(key, 'alice', T0 + 40, S0 + 20), { userIds: ['alice'], changed: false }, 'a refresh after the bound is a start after it');
      assert.deepEqual(await store.list(key, T0 + 5_029), ['alice']);
      assert.deepEqual(await store.stop(key, 'alice', T0 + 50), { userIds: [], changed: true });
    },
  },
];

const same = (a: PresenceKey, b: PresenceKey) => a.tenantId === b.tenantId && a.userId === b.userId;
const sameRoom = (a: TypingKey, b: TypingKey) => a.tenantId === b.tenantId && a.conversationId === b.conversationId;

/** Drains everything due (adapters shared between cases may hold other cases' entries). */
async function claimAll(store: PresenceStore, nowMs: number): Promise<PresenceKey[]> {
  const all: PresenceKey[] = [];
  for (let batch = await store.claimDue(nowMs, 100); batch.length; batch = await store.claimDue(nowMs, 100)) all.push(...batch);
  return all;
}

async function expireAll(store: TypingStore, nowMs: number): Promise<{ key: TypingKey; userIds: string[] }[]> {
  const all: { key: TypingKey; userIds: string[] }[] = [];
  for (let batch = await store.expire(nowMs, 100); batch.length; batch = await store.expire(nowMs, 100)) all.push(...batch);
  return all;
}
