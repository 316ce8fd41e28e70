import { capacityProblem, memoryCapOf } from './redis-capacity';

const INFO = ['# Memory', 'used_memory:1032456', 'maxmemory:104857600', 'maxmemory_human:100.00M', 'maxmemory_policy:noeviction', ''].join('\r\n');

describe('the Redis memory check (seed 004 R10.5)', () => {
  it('reads the cap and its policy from INFO memory, a missing cap as none', () => {
    expect(memoryCapOf(INFO)).toEqual({ maxmemoryBytes: 100 * 1024 * 1024, policy: 'noeviction' });
    expect(memoryCapOf('# Memory\r\nused_memory:1\r\n')).toEqual({ maxmemoryBytes: 0, policy: 'unknown' });
  });

  it('finds a cap below the minimum, naming both figures; none, one at the minimum, or the check off pass', () => {
    const cap = memoryCapOf(INFO);
    expect(capacityProblem('127.0.0.1:6379', cap, 256)).toBe(
      'Redis 127.0.0.1:6379 has maxmemory 100 MB, below the 256 MB this service needs (REDIS_MIN_MEMORY_MB): raise its maxmemory, or lower REDIS_MIN_MEMORY_MB knowingly',
    );
    expect(capacityProblem('r', cap, 100)).toBeNull();
    expect(capacityProblem('r', cap, 0)).toBeNull();
    expect(capacityProblem('r', { maxmemoryBytes: 0, policy: 'noeviction' }, 256)).toBeNull();
  });
});
