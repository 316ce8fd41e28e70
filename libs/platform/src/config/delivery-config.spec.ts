import { loadConfig } from './app-config';
import { EnvReader } from './env-reader';
import { readDelivery } from './delivery-config';

describe('delivery receipts configuration', () => {
  it('has defaults: writes every second or at 10,000 pending acknowledgements, conversations of up to 100 members tracked, memberships trusted 10 s', () => {
    const r = new EnvReader({});
    const defaults = { flushMs: 1_000, maxPending: 10_000, maxMembers: 100, membershipCacheMs: 10_000, membershipCacheEntries: 100_000, frameLookback: 1_000 };
    expect(readDelivery(r)).toEqual(defaults);
    expect(r.problems).toEqual([]);
    expect(loadConfig({}).delivery).toEqual(defaults);
  });

  it('reads each variable', () => {
    const env = { DELIVERY_RECEIPTS_FLUSH_MS: '50', DELIVERY_RECEIPTS_MAX_PENDING: '1', DELIVERY_RECEIPTS_MAX_MEMBERS: '2', DELIVERY_RECEIPTS_MEMBERSHIP_CACHE_MS: '0', DELIVERY_RECEIPTS_MEMBERSHIP_CACHE_ENTRIES: '5', DELIVERY_RECEIPTS_FRAME_LOOKBACK: '7' };
    expect(readDelivery(new EnvReader(env))).toEqual({ flushMs: 50, maxPending: 1, maxMembers: 2, membershipCacheMs: 0, membershipCacheEntries: 5, frameLookback: 7 });
  });

  it('refuses to start with a value out of bounds, naming it', () => {
    expect(() => loadConfig({ DELIVERY_RECEIPTS_FLUSH_MS: '5' })).toThrow(/DELIVERY_RECEIPTS_FLUSH_MS/);
    expect(() => loadConfig({ DELIVERY_RECEIPTS_MAX_PENDING: '0' })).toThrow(/DELIVERY_RECEIPTS_MAX_PENDING/);
    expect(() => loadConfig({ DELIVERY_RECEIPTS_MAX_MEMBERS: '1' })).toThrow(/DELIVERY_RECEIPTS_MAX_MEMBERS/);
    expect(() => loadConfig({ DELIVERY_RECEIPTS_MAX_MEMBERS: 'many' })).toThrow(/DELIVERY_RECEIPTS_MAX_MEMBERS/);
    expect(() => loadConfig({ DELIVERY_RECEIPTS_MEMBERSHIP_CACHE_MS: '600001' })).toThrow(/DELIVERY_RECEIPTS_MEMBERSHIP_CACHE_MS/);
    expect(() => loadConfig({ DELIVERY_RECEIPTS_MEMBERSHIP_CACHE_ENTRIES: '0' })).toThrow(/DELIVERY_RECEIPTS_MEMBERSHIP_CACHE_ENTRIES/);
    expect(() => loadConfig({ DELIVERY_RECEIPTS_FRAME_LOOKBACK: '0' })).toThrow(/DELIVERY_RECEIPTS_FRAME_LOOKBACK/);
  });
});
