import { directKey } from '../conversations/membership-rules';
import { assertCanBlock, assertMayContact, blockablePeer, mayContact } from './contact-rules';

describe('contact rules (blocks)', () => {
  const aBlocksB = [{ blockerId: 'a', blockedId: 'b' }];

  it('a block stops contact both ways, and only between those two', () => {
    expect(mayContact(aBlocksB, 'a', 'b')).toBe(false);
    expect(mayContact(aBlocksB, 'b', 'a')).toBe(false);
    expect(mayContact(aBlocksB, 'a', 'c')).toBe(true);
    expect(mayContact(aBlocksB, 'c', 'b')).toBe(true);
    expect(mayContact([], 'a', 'b')).toBe(true);
  });

  it('refuses with CONTACT_BLOCKED and the same words whichever side blocked', () => {
    const refusal = (actor: string) => {
      try {
        assertMayContact(aBlocksB, actor, [actor === 'a' ? 'b' : 'a']);
      } catch (err) {
        return err as { code: string; message: string; hint: string };
      }
      throw new Error('not refused');
    };
    const said = (e: { code: string; message: string; hint: string }) => ({ code: e.code, message: e.message, hint: e.hint });
    expect(said(refusal('a'))).toEqual(said(refusal('b')));
    expect(said(refusal('a')).code).toBe('CONTACT_BLOCKED');
  });

  it('refuses when any of several others is on the other side of a block, and lets the actor name themselves', () => {
    expect(() => assertMayContact(aBlocksB, 'b', ['c', 'a'])).toThrow(expect.objectContaining({ code: 'CONTACT_BLOCKED' }));
    expect(() => assertMayContact(aBlocksB, 'c', ['a', 'b', 'c'])).not.toThrow();
    expect(() => assertMayContact([{ blockerId: 'a', blockedId: 'a' }], 'a', ['a'])).not.toThrow();
  });

  it('looks for a block against the other person of a direct conversation only', () => {
    const direct = { type: 'direct', directKey: directKey('b', 'a') };
    expect(blockablePeer(direct, 'a')).toBe('b');
    expect(blockablePeer({ ...direct, directKey: `${direct.directKey}:e2ee` }, 'b')).toBe('a');
    expect(blockablePeer({ type: 'group', directKey: null }, 'a')).toBeNull();
    expect(blockablePeer({ type: 'channel', directKey: null }, 'a')).toBeNull();
  });

  it('nobody blocks themselves', () => {
    expect(() => assertCanBlock('a', 'a')).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    expect(() => assertCanBlock('a', 'b')).not.toThrow();
  });
});
