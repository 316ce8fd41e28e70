import { PRESENCE_STORE_CONTRACT, TYPING_STORE_CONTRACT } from './ephemeral-store.contracts';
import { InMemoryPresenceStore } from './in-memory-presence-store';
import { InMemoryTypingStore } from './in-memory-typing-store';

describe('InMemoryPresenceStore (presence store contract)', () => {
  for (const c of PRESENCE_STORE_CONTRACT) it(c.name, () => c.run(new InMemoryPresenceStore()));
});

describe('InMemoryTypingStore (typing store contract)', () => {
  for (const c of TYPING_STORE_CONTRACT) it(c.name, () => c.run(new InMemoryTypingStore()));
});
