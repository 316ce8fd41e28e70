import type { Principal } from '@chat/identity';
import { LocalConnections } from './local-connections';

describe('LocalConnections', () => {
  const alice = { tenantId: 't', userId: 'alice' } as Principal;
  const bob = { tenantId: 't', userId: 'bob' } as Principal;
  const laptop = (leaseId: string) => ({ leaseId, deviceId: 'laptop' });

  it('ends a cleanly closed lease at once, and a dropped one only while the user holds another connection here', () => {
    const connections = new LocalConnections();
    connections.opened(alice, laptop('s1'));
    connections.opened(alice, laptop('s2'));
    connections.opened(bob, laptop('s3'));
    expect(connections.closed(alice, laptop('s1'), false)).toBe(true);
    expect(connections.closed(alice, laptop('s2'), false)).toBe(false);
    expect(connections.closed(bob, laptop('s3'), true)).toBe(true);
  });

  it("hands a device's dropped leases to its next connection here, once, and to no other device or user", () => {
    const connections = new LocalConnections();
    connections.opened(alice, laptop('s1'));
    connections.closed(alice, laptop('s1'), false);
    expect(connections.opened(bob, laptop('s2'))).toEqual([]);
    expect(connections.opened(alice, { leaseId: 's3', deviceId: 'phone' })).toEqual([]);
    expect(connections.opened(alice, laptop('s4'))).toEqual(['s1']);
    expect(connections.opened(alice, laptop('s5'))).toEqual([]);
  });

  it('keeps no dropped lease of a connection that named no device: nothing could claim it', () => {
    const connections = new LocalConnections();
    connections.opened(alice, { leaseId: 's1', deviceId: null });
    expect(connections.closed(alice, { leaseId: 's1', deviceId: null }, false)).toBe(false);
    expect(connections.opened(alice, { leaseId: 's2', deviceId: null })).toEqual([]);
  });
});
