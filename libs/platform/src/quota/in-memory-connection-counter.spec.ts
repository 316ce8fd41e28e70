import { CONNECTION_COUNTER_CONTRACT } from './connection-counter.contracts';
import { InMemoryConnectionCounter } from './in-memory-connection-counter';

describe('InMemoryConnectionCounter (the ConnectionCounter contract)', () => {
  let shared: InMemoryConnectionCounter;
  beforeEach(() => (shared = new InMemoryConnectionCounter()));
  for (const c of CONNECTION_COUNTER_CONTRACT) it(c.name, () => c.run(() => shared));
});
