import { ValidationError } from '@chat/platform';
import { decodeListCursor, encodeListCursor } from './list-cursor';

describe('conversation list cursors', () => {
  it('name the position they were made from', () => {
    const position = { activityMicros: '1796529979901123', conversationId: '01a24971-2e54-7353-b87c-262ec765a92b' };
    const cursor = encodeListCursor(position);
    expect(cursor).toMatch(/^[\w-]+$/);
    expect(decodeListCursor(cursor)).toEqual(position);
  });

  it.each(['', 'not-a-cursor', Buffer.from('12~not-a-uuid').toString('base64url'), Buffer.from('1.5~01a24971-2e54-7353-b87c-262ec765a92b').toString('base64url'), Buffer.from('1'.repeat(20) + '~01a24971-2e54-7353-b87c-262ec765a92b').toString('base64url')])(
    'refuses %j with a validation error naming the cursor',
    (cursor) => {
      expect(() => decodeListCursor(cursor)).toThrow(ValidationError);
      expect(() => decodeListCursor(cursor)).toThrow(/cursor is not a cursor this server gave/);
    },
  );
});
