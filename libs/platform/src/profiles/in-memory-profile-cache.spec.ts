import { InMemoryProfileCache } from './in-memory-profile-cache';
import { PROFILE_CACHE_CONTRACT } from './profile-cache.contracts';

describe('InMemoryProfileCache (profile cache contract)', () => {
  for (const c of PROFILE_CACHE_CONTRACT) {
    it(c.name, () => {
      // One process: every "node" is the same map.
      const cache = new InMemoryProfileCache();
      return c.run(() => cache);
    });
  }
});
