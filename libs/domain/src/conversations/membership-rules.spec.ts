import { ErrorCode } from '@chat/contracts';
import { DomainError } from '../domain-error';
import {
  assertCanAddMember,
  assertCanBan,
  assertCanChangeRole,
  assertCanJoin,
  assertCanLeave,
  assertCanLiftBan,
  assertCanRemoveMember,
  assertCanUpdate,
  channelNameKey,
  directKey,
  directPeer,
  initialMembers,
} from './membership-rules';

const limits = { groupMaxMembers: 4 };
const channel = { type: 'channel' as const, visibility: 'public' as const, memberCount: 3 };
const group = { type: 'group' as const, visibility: 'private' as const, memberCount: 3 };
const direct = { type: 'direct' as const, visibility: 'private' as const, memberCount: 2 };

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (err) {
    return (err as DomainError).code;
  }
}

describe('initialMembers', () => {
  it('puts the creator first and drops duplicates and the creator from the others', () => {
    expect(initialMembers('group', 'me', ['a', 'a', 'me', 'b'], limits)).toEqual(['me', 'a', 'b']);
  });
  it('needs exactly one other person for a direct conversation', () => {
    expect(codeOf(() => initialMembers('direct', 'me', [], limits))).toBe(ErrorCode.VALIDATION_FAILED);
    expect(codeOf(() => initialMembers('direct', 'me', ['a', 'b'], limits))).toBe(ErrorCode.VALIDATION_FAILED);
    expect(initialMembers('direct', 'me', ['a'], limits)).toEqual(['me', 'a']);
  });
  it('bounds groups between two and the configured maximum', () => {
    expect(codeOf(() => initialMembers('group', 'me', [], limits))).toBe(ErrorCode.VALIDATION_FAILED);
    expect(initialMembers('group', 'me', ['a', 'b', 'c'], limits)).toHaveLength(4);
    expect(codeOf(() => initialMembers('group', 'me', ['a', 'b', 'c', 'd'], limits))).toBe(ErrorCode.CONVERSATION_FULL);
  });
  it('lets a channel start with only its creator', () => {
    expect(initialMembers('channel', 'me', [], limits)).toEqual(['me']);
  });
});

describe('keys', () => {
  it('gives the same direct key whichever side starts; the encrypted one’s is it with :e2ee after (as stored in conversations.direct_key)', () => {
    expect(directKey('b', 'a')).toBe(directKey('a', 'b'));
    expect(directKey('b', 'a')).toBe('a:b');
    expect(directKey('b', 'a', true)).toBe('a:b:e2ee');
  });
  it('reads the other person of a direct conversation from its key, the encrypted one’s too', () => {
    expect(directPeer(directKey('b', 'a'), 'a')).toBe('b');
    expect(directPeer(directKey('b', 'a', true), 'b')).toBe('a');
    expect(directPeer(directKey('b', 'a'), 'c')).toBeNull();
  });
  it('compares channel names without case or Unicode form differences', () => {
    expect(channelNameKey('  Café ')).toBe(channelNameKey('cafe\u0301'.normalize('NFC').toUpperCase()));
  });
});

describe('role rules', () => {
  it('lets only owners and admins invite to channels, anyone to groups, nobody to directs', () => {
    expect(codeOf(() => assertCanAddMember('member', channel, limits))).toBe(ErrorCode.FORBIDDEN);
    expect(codeOf(() => assertCanAddMember('admin', channel, limits))).toBeUndefined();
    expect(codeOf(() => assertCanAddMember('member', group, limits))).toBeUndefined();
    expect(codeOf(() => assertCanAddMember('owner', direct, limits))).toBe(ErrorCode.OPERATION_NOT_SUPPORTED);
  });
  it('refuses a member past the group maximum', () => {
    expect(codeOf(() => assertCanAddMember('owner', { ...group, memberCount: 4 }, limits))).toBe(ErrorCode.CONVERSATION_FULL);
  });
  it('lets owners remove anyone, admins only members, members nobody', () => {
    expect(codeOf(() => assertCanRemoveMember('owner', 'admin', channel))).toBeUndefined();
    expect(codeOf(() => assertCanRemoveMember('admin', 'member', channel))).toBeUndefined();
    expect(codeOf(() => assertCanRemoveMember('admin', 'admin', channel))).toBe(ErrorCode.FORBIDDEN);
    expect(codeOf(() => assertCanRemoveMember('admin', 'owner', channel))).toBe(ErrorCode.FORBIDDEN);
    expect(codeOf(() => assertCanRemoveMember('member', 'member', channel))).toBe(ErrorCode.FORBIDDEN);
  });
  it('lets only the owner change roles, and the owner role only moves by being given', () => {
    expect(codeOf(() => assertCanChangeRole('admin', 'member', 'admin', channel))).toBe(ErrorCode.FORBIDDEN);
    expect(codeOf(() => assertCanChangeRole('owner', 'member', 'owner', channel))).toBeUndefined();
    expect(codeOf(() => assertCanChangeRole('owner', 'owner', 'member', channel))).toBe(ErrorCode.OWNER_MUST_TRANSFER);
  });
  it('keeps the owner from leaving others behind, and nobody leaves a direct', () => {
    expect(codeOf(() => assertCanLeave('owner', channel))).toBe(ErrorCode.OWNER_MUST_TRANSFER);
    expect(codeOf(() => assertCanLeave('owner', { ...channel, memberCount: 1 }))).toBeUndefined();
    expect(codeOf(() => assertCanLeave('member', direct))).toBe(ErrorCode.OPERATION_NOT_SUPPORTED);
  });
  it('keeps a business conversation’s members to its customer and assigned agent: no invite, removal, ban, role change, leave or rename', () => {
    const business = { type: 'business' as const, visibility: 'private' as const, memberCount: 2 };
    for (const attempt of [
      () => assertCanAddMember('admin', business, limits),
      () => assertCanRemoveMember('admin', 'member', business),
      () => assertCanBan('admin', 'member', business, false),
      () => assertCanChangeRole('admin', 'member', 'admin', business),
      () => assertCanLeave('member', business),
      () => assertCanUpdate('admin', business),
    ]) {
      expect(codeOf(attempt)).toBe(ErrorCode.OPERATION_NOT_SUPPORTED);
    }
    expect(codeOf(() => initialMembers('business', 'a', ['b'], limits))).toBe(ErrorCode.VALIDATION_FAILED);
  });
  it('lets anyone join public channels only', () => {
    expect(codeOf(() => assertCanJoin(channel))).toBeUndefined();
    expect(codeOf(() => assertCanJoin({ ...channel, visibility: 'private' }))).toBe(ErrorCode.FORBIDDEN);
    expect(codeOf(() => assertCanJoin(group))).toBe(ErrorCode.FORBIDDEN);
  });
});

describe('bans', () => {
  const channel = { type: 'channel' as const, visibility: 'public' as const, memberCount: 3 };

  it('lets owners ban anyone else, admins ban members and outsiders, and members nobody', () => {
    expect(() => assertCanBan('owner', 'admin', channel, false)).not.toThrow();
    expect(() => assertCanBan('admin', 'member', channel, false)).not.toThrow();
    expect(() => assertCanBan('admin', null, channel, false)).not.toThrow();
    expect(() => assertCanBan('admin', 'admin', channel, false)).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    expect(() => assertCanBan('member', null, channel, false)).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    expect(() => assertCanBan('owner', null, channel, true)).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    expect(() => assertCanBan('owner', 'member', { ...channel, type: 'direct' }, false)).toThrow(expect.objectContaining({ code: 'OPERATION_NOT_SUPPORTED' }));
  });

  it('lets only whoever outranks the banned user as they were lift or replace the ban: the owner any, admins those of members and outsiders', () => {
    expect(() => assertCanLiftBan('owner', 'admin')).not.toThrow();
    expect(() => assertCanLiftBan('admin', 'member')).not.toThrow();
    expect(() => assertCanLiftBan('admin', null)).not.toThrow();
    expect(codeOf(() => assertCanLiftBan('admin', 'admin'))).toBe(ErrorCode.FORBIDDEN);
    expect(codeOf(() => assertCanLiftBan('member', null))).toBe(ErrorCode.FORBIDDEN);
  });

});
