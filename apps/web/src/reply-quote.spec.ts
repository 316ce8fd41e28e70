import type { Message, MessageQuote } from '@chat/contracts';
import { quoteOf, quoteText, sameQuote } from './reply-quote';

const quote = (body: string, attachmentCount = 0): MessageQuote => ({ seq: 7, deleted: false, id: 'm7', senderId: 'bob', body, attachmentCount });

const message = (over: Partial<Message> = {}): Message => ({
  id: 'm7',
  conversationId: 'c1',
  seq: 7,
  senderId: 'bob',
  body: 'Lunch at noon?',
  attachments: [],
  createdAt: '2026-01-01T10:00:00.000Z',
  editedAt: null,
  deletedAt: null,
  reactions: {},
  myReactions: [],
  clientMessageId: 'client-7',
  version: 1,
  ...over,
});

describe('quoteText', () => {
  it('puts the answered text on one line', () => {
    expect(quoteText(quote('  Lunch\n\nat   noon?\t '), false)).toBe('Lunch at noon?');
  });

  it('quotes the words without their formatting marks', () => {
    expect(quoteText(quote('**Lunch** at _noon_? Menu: `soup`'), false)).toBe('Lunch at noon? Menu: soup');
  });

  it('cuts a long text short with an ellipsis, never in the middle of an emoji', () => {
    const long = `${'a'.repeat(199)}😀😀 and more`;
    expect(quoteText(quote(long), false)).toBe(`${'a'.repeat(199)}😀…`);
    expect(quoteText(quote('b'.repeat(200)), false)).toBe('b'.repeat(200));
  });

  it('says "Attachment" for a file sent without text, and counts several', () => {
    expect(quoteText(quote('', 1), false)).toBe('Attachment');
    expect(quoteText(quote(' \n', 3), false)).toBe('3 attachments');
    expect(quoteText(quote('See the plan', 1), false)).toBe('See the plan');
  });

  it('says the answered message was deleted, or cannot be decrypted here, instead of any text', () => {
    expect(quoteText({ seq: 7, deleted: true }, false)).toBe('Original message deleted');
    expect(quoteText(quote(''), true)).toBe('Cannot be decrypted on this device');
  });
});

describe('quoteOf', () => {
  it('quotes a shown message as the server would: sender, text and how many attachments', () => {
    const attachment = { id: 'u1', name: 'plan.pdf', contentType: 'application/pdf', size: 10 };
    expect(quoteOf(message({ attachments: [attachment] }))).toEqual({ seq: 7, deleted: false, id: 'm7', senderId: 'bob', body: 'Lunch at noon?', attachmentCount: 1 });
  });

  it('keeps only the seq of a deleted message', () => {
    expect(quoteOf(message({ body: '', deletedAt: '2026-01-01T11:00:00.000Z' }))).toEqual({ seq: 7, deleted: true });
  });
});

describe('sameQuote', () => {
  it('tells an edit or a deletion of the answered message from the quote shown', () => {
    expect(sameQuote(quote('Lunch?'), { attachmentCount: 0, body: 'Lunch?', senderId: 'bob', id: 'm7', deleted: false, seq: 7 })).toBe(true);
    expect(sameQuote(quote('Lunch?'), quote('Lunch at one?'))).toBe(false);
    expect(sameQuote(quote('Lunch?'), { seq: 7, deleted: true })).toBe(false);
    expect(sameQuote({ seq: 7, deleted: true }, { seq: 7, deleted: true })).toBe(true);
    expect(sameQuote(undefined, undefined)).toBe(true);
    expect(sameQuote(quote('Lunch?'), undefined)).toBe(false);
  });
});
