import { InMemoryRateLimiter } from './in-memory-rate-limiter';
import { RATE_LIMITER_CONTRACT } from './rate-limiter.contracts';

describe('InMemoryRateLimiter (rate limiter contract)', () => {
  const limiters: InMemoryRateLimiter[] = [];
  afterAll(() => limiters.forEach((l) => l.onModuleDestroy()));
  for (const c of RATE_LIMITER_CONTRACT) {
    it(c.name, () => {
      // One process, one store: every "node" of the memory adapter is the same instance.
      const shared = new InMemoryRateLimiter();
      limiters.push(shared);
      return c.run(() => shared);
    });
  }
});
