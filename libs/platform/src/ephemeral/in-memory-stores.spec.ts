import { PRESENCE_STORE_CONTRACT, TYPING_STORE_CONTRACT } from './ephemeral-store.contracts';
import { InMemoryPresenceStore, PRESENCE_FORGET_AFTER_MS } from './in-memory-presence-store';
import { InMemoryTypingStore } from './in-memory-typing-store';

describe('InMemoryPresenceStore (presence store contract)', () => {
  for (const c of PRESENCE_STORE_CONTRACT) it(c.name, () => c.run(new InMemoryPresenceStore()));
});

describe('InMemoryTypingStore (typing store contract)', () => {
  for (const c of TYPING_STORE_CONTRACT) it(c.name, () => c.run(new InMemoryTypingStore()));
});

describe('InMemoryPresenceStore memory', () => {
  it('forgets a user nobody touched for PRESENCE_FORGET_AFTER_MS, as the Redis keys expire, and keeps one touched since', async () => {
    const store = new InMemoryPresenceStore();
    const gone = { tenantId: 't', userId: 'gone' };
    const kept = { tenantId: 't', userId: 'kept' };
    for (const key of [gone, kept]) {
      await store.touch(key, 'phone', 0, 30_000);
      await store.drop(key, 'phone', 1_000);
    }
    await store.markActive(kept, PRESENCE_FORGET_AFTER_MS - 1, PRESENCE_FORGET_AFTER_MS + 60_000);
    await store.claimDue(PRESENCE_FORGET_AFTER_MS + 1_000, 100);
    const [forgotten, remembered] = await store.read([gone, kept], PRESENCE_FORGET_AFTER_MS + 1_000);
    expect(forgotten).toMatchObject({ lastSeenAt: null, lastActiveAt: null, devices: 0 });
    expect(remembered).toMatchObject({ lastSeenAt: 1_000, lastActiveAt: PRESENCE_FORGET_AFTER_MS - 1 });
    // Its deadline moved on to PRESENCE_FORGET_AFTER_MS after that last write, and it goes then.
    const lastWrite = PRESENCE_FORGET_AFTER_MS - 1;
    await store.claimDue(lastWrite + PRESENCE_FORGET_AFTER_MS - 1, 100);
    expect((await store.read([kept], lastWrite + PRESENCE_FORGET_AFTER_MS - 1))[0]).toMatchObject({ lastSeenAt: 1_000 });
    await store.claimDue(lastWrite + PRESENCE_FORGET_AFTER_MS, 100);
    expect((await store.read([kept], lastWrite + PRESENCE_FORGET_AFTER_MS))[0]).toMatchObject({ lastSeenAt: null, lastActiveAt: null });
  });

  it('keeps a user who writes on past PRESENCE_FORGET_AFTER_MS (their deadline moved on, not renewed per write), and forgets them that long after the last write', async () => {
    const store = new InMemoryPresenceStore();
    const key = { tenantId: 't', userId: 'busy' };
    await store.markActive(key, 0, 60_000);
    // A heartbeat a minute for 45 days: the state lives on (forgotten and made again, it would have lost lastActiveAt).
    for (let at = 0; at <= 45 * 24 * 3_600_000; at += 60_000) {
      await store.touch(key, 'laptop', at, at + 90_000);
      if (at % 3_600_000 === 0) await store.claimDue(at, 1_000);
    }
    const last = 45 * 24 * 3_600_000;
    expect((await store.read([key], last))[0]).toMatchObject({ lastSeenAt: last, lastActiveAt: 0 });
    await store.claimDue(last + PRESENCE_FORGET_AFTER_MS, 1_000);
    expect((await store.read([key], last + PRESENCE_FORGET_AFTER_MS))[0]).toMatchObject({ lastSeenAt: null, devices: 0 });
  });
});
