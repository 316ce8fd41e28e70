import type { MessageQuote } from '@chat/contracts';
import { addressesMe } from './addressed-to-me';

const answering = (senderId: string): MessageQuote => ({ seq: 3, deleted: false, id: 'm3', senderId, body: 'Lunch?', attachmentCount: 0 });

describe('addressesMe', () => {
  it('is true for a message that mentions me, among others or alone', () => {
    expect(addressesMe({ mentions: ['me'] }, 'me')).toBe(true);
    expect(addressesMe({ mentions: ['carol', 'me'] }, 'me')).toBe(true);
  });

  it('is true for a reply to one of my messages', () => {
    expect(addressesMe({ replyTo: answering('me') }, 'me')).toBe(true);
    expect(addressesMe({ replyTo: answering('me'), mentions: ['carol'] }, 'me')).toBe(true);
  });

  it('is false for a plain message, one mentioning only others, and a reply to someone else', () => {
    expect(addressesMe({}, 'me')).toBe(false);
    expect(addressesMe({ mentions: ['carol'] }, 'me')).toBe(false);
    expect(addressesMe({ replyTo: answering('carol') }, 'me')).toBe(false);
  });

  it('is false for a reply whose answered message was deleted (its quote no longer names a sender)', () => {
    expect(addressesMe({ replyTo: { seq: 3, deleted: true } }, 'me')).toBe(false);
  });
});
