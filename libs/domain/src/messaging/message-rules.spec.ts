import { ErrorCode } from '@chat/contracts';
import { assertCanDeleteMessage, assertCanEdit, assertCanManagePins, assertCanPin, assertCanReact, reactionKey } from './message-rules';

const live = { senderId: 'alice', deletedAt: null, version: 3 };
const code = (c: string) => expect.objectContaining({ code: c });

describe('message rules', () => {
  it('lets only the sender edit', () => {
    expect(() => assertCanEdit('alice', live)).not.toThrow();
    expect(() => assertCanEdit('bob', live)).toThrow(code(ErrorCode.FORBIDDEN));
  });
  it('refuses an edit based on a version the message has moved past', () => {
    expect(() => assertCanEdit('alice', live, 3)).not.toThrow();
    expect(() => assertCanEdit('alice', live, 2)).toThrow(code(ErrorCode.MESSAGE_VERSION_CONFLICT));
  });
  it('refuses edits and reactions on a tombstone', () => {
    const tombstone = { ...live, deletedAt: new Date() };
    expect(() => assertCanEdit('alice', tombstone)).toThrow(code(ErrorCode.MESSAGE_DELETED));
    expect(() => assertCanReact(tombstone)).toThrow(code(ErrorCode.MESSAGE_DELETED));
    expect(() => assertCanReact(live)).not.toThrow();
  });
  it('lets every member pin in a direct conversation or a group, only owners and admins in a channel, and only a live message', () => {
    for (const type of ['direct', 'group'] as const) expect(() => assertCanPin('member', type, live)).not.toThrow();
    expect(() => assertCanPin('admin', 'channel', live)).not.toThrow();
    expect(() => assertCanPin('owner', 'channel', live)).not.toThrow();
    expect(() => assertCanPin('member', 'channel', live)).toThrow(code(ErrorCode.FORBIDDEN));
    expect(() => assertCanManagePins('member', 'channel')).toThrow(code(ErrorCode.FORBIDDEN));
    expect(() => assertCanManagePins('member', 'group')).not.toThrow();
    expect(() => assertCanPin('owner', 'group', { deletedAt: new Date() })).toThrow(code(ErrorCode.MESSAGE_DELETED));
  });
  it('lets the sender, admins and the owner delete', () => {
    expect(() => assertCanDeleteMessage('alice', 'member', live)).not.toThrow();
    expect(() => assertCanDeleteMessage('bob', 'admin', live)).not.toThrow();
    expect(() => assertCanDeleteMessage('bob', 'owner', live)).not.toThrow();
    expect(() => assertCanDeleteMessage('bob', 'member', live)).toThrow(code(ErrorCode.FORBIDDEN));
  });
  it('accepts emoji sequences and normalises them, refusing blanks and long strings', () => {
    expect(reactionKey('👍')).toBe('👍');
    expect(reactionKey('👩🏽‍💻')).toBe('👩🏽‍💻');
    expect(reactionKey('🇫🇷')).toBe('🇫🇷');
    expect(reactionKey('e\u0301')).toBe('é');
    for (const bad of ['', ' ', '👍 👍', 'a\u0000', 'x'.repeat(17)]) expect(() => reactionKey(bad)).toThrow(code(ErrorCode.VALIDATION_FAILED));
  });
});
