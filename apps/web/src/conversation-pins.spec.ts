import type { Message, PinnedMessage, PinsResponse } from '@chat/contracts';
import { ConversationPins } from './conversation-pins';
import { HeldAnswers } from './testing/held-answers';

const messageOf = (conversationId: string, seq: number, body: string): Message =>
  ({ id: `${conversationId}-m${seq}`, conversationId, seq, senderId: 'bob', body, attachments: [], reactions: {}, myReactions: [], version: 1 }) as unknown as Message;
const pinOf = (message: Message): PinnedMessage => ({ message, pinnedBy: 'alice', pinnedAt: '2026-12-01T10:00:00.000Z' });

describe('ConversationPins', () => {
  let api: HeldAnswers<PinsResponse>;
  let shown: (readonly PinnedMessage[])[];
  let pins: ConversationPins;
  const bodies = () => shown.at(-1)!.map((p) => p.message.body);

  beforeEach(() => {
    api = new HeldAnswers<PinsResponse>();
    shown = [];
    // As the pane reveals an E2EE conversation's bodies: here, marked as opened.
    pins = new ConversationPins({ pins: api.ask }, async (messages) => messages.map((m) => ({ ...m, body: `opened ${m.body}` })), (p) => shown.push(p));
  });

  it('fetches the pins of a conversation when it opens and shows them as revealed, the latest first as served', async () => {
    pins.open('c1');
    expect(api.asked).toEqual(['c1']);
    await api.answer({ pins: [pinOf(messageOf('c1', 7, 'newer')), pinOf(messageOf('c1', 3, 'older'))] });
    expect(bodies()).toEqual(['opened newer', 'opened older']);
    expect(pins.isPinned('c1-m3')).toBe(true);
    expect(pins.isPinned('c1-m4')).toBe(false);
  });

  it('fetches again after the fetch in flight when a change is announced meanwhile, once however many came', async () => {
    pins.open('c1');
    pins.refresh();
    pins.refresh();
    expect(api.asked).toEqual(['c1']);
    await api.answer({ pins: [] });
    expect(api.asked).toEqual(['c1', 'c1']);
    await api.answer({ pins: [pinOf(messageOf('c1', 1, 'pinned meanwhile'))] });
    expect(bodies()).toEqual(['opened pinned meanwhile']);
    expect(api.asked).toHaveLength(2);
  });

  it('drops an answer for a conversation no longer open, clears the pins at once, and fetches the open one', async () => {
    pins.open('c1');
    pins.open('c2');
    expect(shown.at(-1)).toEqual([]);
    await api.answer({ pins: [pinOf(messageOf('c1', 1, 'of c1'))] });
    expect(shown.every((p) => p.length === 0)).toBe(true);
    expect(api.asked).toEqual(['c1', 'c2']);
    await api.answer({ pins: [pinOf(messageOf('c2', 1, 'of c2'))] });
    expect(bodies()).toEqual(['opened of c2']);
  });

  it('follows an edit of a pinned message and drops a deleted one; other messages change nothing', async () => {
    pins.open('c1');
    await api.answer({ pins: [pinOf(messageOf('c1', 2, 'two')), pinOf(messageOf('c1', 1, 'one'))] });
    const changes = shown.length;
    pins.messageUpdated(messageOf('c1', 5, 'not pinned'));
    pins.messageDeleted('c1-m5');
    expect(shown).toHaveLength(changes);
    pins.messageUpdated(messageOf('c1', 1, 'one, edited'));
    expect(bodies()).toEqual(['opened two', 'one, edited']);
    pins.messageDeleted('c1-m2');
    expect(bodies()).toEqual(['one, edited']);
    expect(pins.isPinned('c1-m2')).toBe(false);
  });

  it('keeps the conversation readable when the pins cannot be fetched: none shown, and the next change tries again', async () => {
    pins.open('c1');
    await api.answer(new Error('network'));
    expect(shown.at(-1)).toEqual([]);
    pins.refresh();
    await api.answer({ pins: [pinOf(messageOf('c1', 1, 'back'))] });
    expect(bodies()).toEqual(['opened back']);
  });
});
