import type { Message, UnreadMentionsResponse } from '@chat/contracts';
import { UnreadMentions } from './unread-mentions';
import { HeldAnswers } from './testing/held-answers';

const page = (seqs: number[], hasMore = false): UnreadMentionsResponse => ({ mentions: seqs.map((seq) => ({ messageId: `m${seq}`, seq })), hasMore });
const live = (seq: number, links: Partial<Pick<Message, 'mentions' | 'replyTo' | 'senderId' | 'conversationId'>>) => ({ conversationId: 'c1', seq, senderId: 'alice', ...links });

describe('UnreadMentions', () => {
  let api: HeldAnswers<UnreadMentionsResponse>;
  let counts: number[];
  let mentions: UnreadMentions;
  const count = () => counts.at(-1);

  beforeEach(() => {
    api = new HeldAnswers<UnreadMentionsResponse>();
    counts = [];
    // Each request is recorded as its conversation, and the seq it continues after.
    const unreadMentions = (id: string, page: { after?: number } = {}) => api.ask(page.after === undefined ? id : `${id} after ${page.after}`);
    mentions = new UnreadMentions({ unreadMentions }, 'me', (n) => counts.push(n));
  });

  it('fetches a conversation’s unread mentions when it opens, and jumps through them oldest first, each leaving as it is jumped to', async () => {
    const opened = mentions.open('c1');
    expect(api.asked).toEqual(['c1']);
    await api.answer(page([4, 9]));
    await opened;
    expect(count()).toBe(2);
    expect(mentions.next()).toBe(4);
    expect(count()).toBe(1);
    expect(mentions.next()).toBe(9);
    expect(count()).toBe(0);
    expect(mentions.next()).toBeUndefined();
  });

  it('adds a live message that mentions me or answers me from someone else, in seq order, once; not mine, not others’, not another conversation’s', async () => {
    void mentions.open('c1');
    await api.answer(page([20]));
    mentions.arrived(live(30, { mentions: ['me'] }));
    mentions.arrived(live(25, { replyTo: { seq: 3, deleted: false, id: 'm3', senderId: 'me', body: 'Lunch?', attachmentCount: 0 } }));
    mentions.arrived(live(30, { mentions: ['me'] }));
    mentions.arrived(live(31, { mentions: ['carol'] }));
    mentions.arrived(live(32, { mentions: ['me'], senderId: 'me' }));
    mentions.arrived(live(33, { mentions: ['me'], conversationId: 'c2' }));
    expect(count()).toBe(3);
    expect([mentions.next(), mentions.next(), mentions.next()]).toEqual([20, 25, 30]);
  });

  it('drops those seen in view and a deleted one, and an answer fetched later does not bring them back', async () => {
    void mentions.open('c1');
    await api.answer(page([2, 5, 8, 11], true));
    mentions.seen((seq) => seq >= 4 && seq <= 9);
    expect(count()).toBe(2);
    mentions.deleted(2);
    expect(count()).toBe(1);
    expect(mentions.next()).toBe(11);
    // Ran out with more on the server: the next page is asked for, after the last one's end.
    expect(api.asked).toEqual(['c1', 'c1 after 11']);
    await api.answer(page([5, 8, 11, 14]));
    expect(count()).toBe(1);
    expect(mentions.next()).toBe(14);
    expect(api.asked).toHaveLength(2);
  });

  it('clears at once when another conversation opens and drops the answer for the one no longer open', async () => {
    void mentions.open('c1');
    void mentions.open('c2');
    expect(count()).toBe(0);
    await api.answer(page([3]));
    expect(count()).toBe(0);
    mentions.arrived(live(7, { mentions: ['me'] }));
    expect(count()).toBe(0);
    await api.answer(page([6]));
    expect(mentions.next()).toBe(6);
  });

  it('opens without them when they cannot be fetched, and still adds live ones', async () => {
    const opened = mentions.open('c1');
    await api.answer(new Error('network'));
    await expect(opened).resolves.toBeUndefined();
    expect(count()).toBe(0);
    mentions.arrived(live(40, { mentions: ['me'] }));
    expect(mentions.next()).toBe(40);
  });
});
