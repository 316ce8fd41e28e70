import { loadConfig } from './app-config';
import { readConsumers } from './consumer-config';
import { EnvReader } from './env-reader';
import { retryDelayMs } from '../bus/consumer-retry';

describe('consumer configuration', () => {
  const read = (env: Record<string, string>) => {
    const r = new EnvReader(env);
    return { config: readConsumers(r), problems: r.problems };
  };

  it('tries an event 8 times, 100 ms doubling to 2 s apart, lists 200 dead letters a page and leases a replay for 10 minutes by default', () => {
    expect(read({})).toEqual({ config: { maxAttempts: 8, retryBaseMs: 100, retryMaxMs: 2_000, listMaxLimit: 200, replayLeaseMs: 600_000, retentionDays: 30 }, problems: [] });
    expect(loadConfig({ JWT_SECRET: 'x'.repeat(32) }).consumers).toEqual({ maxAttempts: 8, retryBaseMs: 100, retryMaxMs: 2_000, listMaxLimit: 200, replayLeaseMs: 600_000, retentionDays: 30 });
  });

  it('spends less than LOAD_SHED_EVENT_LAG_MS’s default 10 s on an event that keeps failing, so one bad event does not make a single node shed', () => {
    const { config } = read({});
    const waits = Array.from({ length: config.maxAttempts - 1 }, (_, i) => retryDelayMs(i + 1, config, () => 0));
    expect(waits.reduce((a, b) => a + b, 0)).toBeLessThan(10_000);
  });

  it('takes every setting from its variable', () => {
    expect(read({ CONSUMER_MAX_ATTEMPTS: '3', CONSUMER_RETRY_BASE_MS: '10', CONSUMER_RETRY_MAX_MS: '40', DEAD_LETTER_LIST_MAX_LIMIT: '5', DEAD_LETTER_REPLAY_LEASE_MS: '2000', DEAD_LETTER_RETENTION_DAYS: '2' }).config).toEqual({ maxAttempts: 3, retryBaseMs: 10, retryMaxMs: 40, listMaxLimit: 5, replayLeaseMs: 2_000, retentionDays: 2 });
  });

  it('refuses values out of bounds, naming the variable', () => {
    expect(read({ CONSUMER_MAX_ATTEMPTS: '0', CONSUMER_RETRY_BASE_MS: 'soon', DEAD_LETTER_LIST_MAX_LIMIT: '0', DEAD_LETTER_REPLAY_LEASE_MS: '999', DEAD_LETTER_RETENTION_DAYS: '0' }).problems).toEqual([
      'CONSUMER_RETRY_BASE_MS must be an integer in 1..60000 (got "soon")',
      'CONSUMER_MAX_ATTEMPTS must be an integer in 1..100 (got "0")',
      'DEAD_LETTER_LIST_MAX_LIMIT must be an integer in 1..10000 (got "0")',
      'DEAD_LETTER_REPLAY_LEASE_MS must be an integer in 1000..86400000 (got "999")',
      'DEAD_LETTER_RETENTION_DAYS must be an integer in 1..3650 (got "0")',
    ]);
    expect(read({ CONSUMER_RETRY_BASE_MS: '500', CONSUMER_RETRY_MAX_MS: '100' }).problems).toEqual(['CONSUMER_RETRY_BASE_MS must not exceed CONSUMER_RETRY_MAX_MS (500 > 100)']);
  });
});
