import { loadConfig } from './app-config';
import { EnvReader } from './env-reader';
import { readDelivery } from './delivery-config';

describe('delivery receipts configuration', () => {
  it('has defaults: writes every 250 ms or at 10,000 pending acknowledgements, conversations of up to 100 members tracked', () => {
    const r = new EnvReader({});
    expect(readDelivery(r)).toEqual({ flushMs: 250, maxPending: 10_000, maxMembers: 100 });
    expect(r.problems).toEqual([]);
    expect(loadConfig({}).delivery).toEqual({ flushMs: 250, maxPending: 10_000, maxMembers: 100 });
  });

  it('reads each variable', () => {
    expect(readDelivery(new EnvReader({ DELIVERY_RECEIPTS_FLUSH_MS: '50', DELIVERY_RECEIPTS_MAX_PENDING: '1', DELIVERY_RECEIPTS_MAX_MEMBERS: '2' }))).toEqual({ flushMs: 50, maxPending: 1, maxMembers: 2 });
  });

  it('refuses to start with a value out of bounds, naming it', () => {
    expect(() => loadConfig({ DELIVERY_RECEIPTS_FLUSH_MS: '5' })).toThrow(/DELIVERY_RECEIPTS_FLUSH_MS/);
    expect(() => loadConfig({ DELIVERY_RECEIPTS_MAX_PENDING: '0' })).toThrow(/DELIVERY_RECEIPTS_MAX_PENDING/);
    expect(() => loadConfig({ DELIVERY_RECEIPTS_MAX_MEMBERS: '1' })).toThrow(/DELIVERY_RECEIPTS_MAX_MEMBERS/);
    expect(() => loadConfig({ DELIVERY_RECEIPTS_MAX_MEMBERS: 'many' })).toThrow(/DELIVERY_RECEIPTS_MAX_MEMBERS/);
  });
});
