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
  });
});
