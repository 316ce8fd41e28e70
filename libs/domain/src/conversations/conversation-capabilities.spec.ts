import { capabilitiesOf } from './conversation-capabilities';

describe('capabilitiesOf', () => {
  const limits = { groupMaxMembers: 8 };
  const channel = { type: 'channel', visibility: 'public', memberCount: 3, closedAt: null } as const;
  const granted = (caps: object) =>
    Object.entries(caps)
      .filter(([, yes]) => yes)
      .map(([name]) => name);

  it('answers by role in a channel: the owner everything but leaving while others remain, an admin moderation, a member sending', () => {
    expect(granted(capabilitiesOf('owner', channel, limits, false))).toEqual(['send', 'pin', 'addMembers', 'edit', 'close', 'connect', 'moderate', 'changeRoles', 'delete']);
    expect(granted(capabilitiesOf('admin', channel, limits, false))).toEqual(['leave', 'send', 'pin', 'addMembers', 'edit', 'close', 'connect', 'moderate']);
    expect(granted(capabilitiesOf('member', channel, limits, false))).toEqual(['leave', 'send', 'connect']);
    expect(granted(capabilitiesOf(null, channel, limits, false))).toEqual(['join']);
    expect(granted(capabilitiesOf(null, { ...channel, visibility: 'private' }, limits, false))).toEqual([]);
  });

  it('lets every group member pin, invite and rename, until the group is full', () => {
    const group = { type: 'group', visibility: 'private', memberCount: 3, closedAt: null } as const;
    expect(granted(capabilitiesOf('member', group, limits, false))).toEqual(['leave', 'send', 'pin', 'addMembers', 'edit', 'connect']);
    expect(capabilitiesOf('member', { ...group, memberCount: 8 }, limits, false).addMembers).toBe(false);
  });

  it('in a direct conversation: sending and pinning, no sending across a block, nothing of membership', () => {
    const direct = { type: 'direct', visibility: 'private', memberCount: 2, closedAt: null } as const;
    expect(granted(capabilitiesOf('member', direct, limits, false))).toEqual(['send', 'pin', 'connect']);
    expect(capabilitiesOf('member', direct, limits, true).send).toBe(false);
  });

  it('in a closed conversation: no sending, while its members still connect and its owners and admins reopen it', () => {
    const closed = { ...channel, closedAt: new Date() };
    expect(granted(capabilitiesOf('owner', closed, limits, false))).toEqual(['pin', 'addMembers', 'edit', 'close', 'connect', 'moderate', 'changeRoles', 'delete']);
    expect(granted(capabilitiesOf('member', closed, limits, false))).toEqual(['leave', 'connect']);
  });
});
