import { ErrorCode, type ConversationDetailsResponse, type ConversationSummary, type Message, type User } from '@chat/contracts';
import { ConversationDirectory } from './conversation-directory';
import { ChatApiError, type RealtimeClient } from '@chat/sdk';
import type { SessionApi } from './session-api';

const listed = (id: string): ConversationSummary => ({ id, type: 'channel', name: id, lastSeq: 0, createdAt: '2025-01-01T00:00:00.000Z' }) as ConversationSummary;

/**
 * A directory over a server whose list is `answers`, one answer per refresh, and whose
 * GET /v1/conversations/:id answers from `details` (an error is thrown; any other id: 404
 * CONVERSATION_NOT_FOUND); `lost` records onLost calls, with whether the entry was still listed then.
 */
function setUp(...answers: (ConversationSummary[] | Promise<ConversationSummary[]>)[]) {
  const details = new Map<string, ConversationDetailsResponse | Error>();
  const api = {
    allConversations: async () => (await answers.shift()) ?? [],
    getConversation: async (id: string) => {
      const answer = details.get(id) ?? new ChatApiError(404, { code: ErrorCode.CONVERSATION_NOT_FOUND, message: 'not found', hint: '', requestId: 'r' });
      if (answer instanceof Error) throw answer;
      return answer;
    },
  } as unknown as SessionApi;
  const lost: { id: string; stillListed: boolean }[] = [];
  const directory: ConversationDirectory = new ConversationDirectory(
    api,
    { id: 'me' } as User,
    () => undefined,
    (id) => {
      lost.push({ id, stillListed: directory.get(id) !== undefined });
      directory.remove(id);
    },
    () => true,
  );
  return { directory, lost, details };
}

/** The server's answer for a conversation whose members are `memberIds`. */
const detailsOf = (conversation: ConversationSummary, ...memberIds: string[]) => ({ conversation, members: memberIds.map((userId) => ({ userId, displayName: userId })) }) as unknown as ConversationDetailsResponse;

describe('ConversationDirectory.refresh', () => {
  it('hands a conversation the server no longer lists, and refuses (404), to onLost while it is still listed (for its title), and lists the rest', async () => {
    const { directory, lost } = setUp([listed('a'), listed('b')], [listed('b'), listed('c')]);
    await directory.refresh();
    expect(lost).toEqual([]);
    await directory.refresh();
    expect(lost).toEqual([{ id: 'a', stillListed: true }]);
    expect(directory.list().map((c) => c.id).sort()).toEqual(['b', 'c']);
  });

  it('keeps one the pages missed (it moved above them while they were read) that the server still answers for with me in it, taking that answer', async () => {
    const { directory, lost, details } = setUp([listed('a'), listed('b')], [listed('b')]);
    await directory.refresh();
    details.set('a', detailsOf({ ...listed('a'), name: 'renamed', lastSeq: 7 }, 'me', 'alice'));
    await directory.refresh();
    expect(lost).toEqual([]);
    expect(directory.list().map((c) => c.id).sort()).toEqual(['a', 'b']);
    expect(directory.get('a')).toMatchObject({ name: 'renamed', lastSeq: 7 });
  });

  it('keeps one the pages missed while the server cannot be asked, and loses one it shows without me among the members (a public channel I left)', async () => {
    const { directory, lost, details } = setUp([listed('a'), listed('b'), listed('c')], [listed('c')]);
    await directory.refresh();
    details.set('a', new TypeError('Failed to fetch'));
    details.set('b', detailsOf(listed('b'), 'alice'));
    await directory.refresh();
    expect(lost).toEqual([{ id: 'b', stillListed: true }]);
    expect(directory.list().map((c) => c.id).sort()).toEqual(['a', 'c']);
  });

  it('says which conversations missing from the list are lost: those the server refuses or shows without me, not those it cannot be asked about', async () => {
    const { directory, details } = setUp();
    details.set('mine', detailsOf(listed('mine'), 'me'));
    details.set('left', detailsOf(listed('left'), 'alice'));
    details.set('unreachable', new TypeError('Failed to fetch'));
    expect(await directory.lostAmong(['mine', 'gone', 'left', 'unreachable'])).toEqual(['gone', 'left']);
  });

  it('does not lose one added here while the list was being fetched (just made: newer than the answer), nor one removed meanwhile', async () => {
    let answer!: (list: ConversationSummary[]) => void;
    const { directory, lost } = setUp([listed('a'), listed('b')], new Promise((resolve) => (answer = resolve)));
    await directory.refresh();
    const refreshed = directory.refresh();
    directory.upsert({ ...listed('new') });
    directory.remove('b');
    answer([listed('a'), listed('b')]);
    await refreshed;
    expect(lost).toEqual([]);
    // As it is here: the new one kept, the one left gone, though the answer (older) says otherwise.
    expect(directory.list().map((c) => c.id).sort()).toEqual(['a', 'new']);
  });

  it('does not lose one left and joined again while the list was being fetched (the answer may predate the join)', async () => {
    let answer!: (list: ConversationSummary[]) => void;
    const { directory, lost } = setUp([listed('a'), listed('b')], new Promise((resolve) => (answer = resolve)));
    await directory.refresh();
    const refreshed = directory.refresh();
    directory.remove('a');
    directory.upsert({ ...listed('a') });
    answer([listed('b')]);
    await refreshed;
    expect(lost).toEqual([]);
    expect(directory.list().map((c) => c.id).sort()).toEqual(['a', 'b']);
  });
});

describe('ConversationDirectory.setMuted', () => {
  it('follows a mute.updated frame, telling the views only when it changes something', async () => {
    const changes: string[] = [];
    const api = { allConversations: async () => [{ ...listed('a'), muted: false }] } as unknown as SessionApi;
    const directory = new ConversationDirectory(api, { id: 'me' } as User, () => changes.push('changed'), () => undefined, () => true);
    await directory.refresh();
    changes.length = 0;
    directory.setMuted('a', true);
    directory.setMuted('a', true);
    directory.setMuted('unknown', true);
    expect(directory.get('a')?.muted).toBe(true);
    expect(changes).toEqual(['changed']);
  });
});

describe('ConversationDirectory.noteMessage', () => {
  const from = (sender: string, seq: number) => ({ id: `m${seq}`, conversationId: 'open', senderId: sender, seq, createdAt: '2025-01-02T00:00:00.000Z' }) as Message;

  it('counts what arrives in the open conversation only while the page is out of view, until my read pointer passes it', async () => {
    let visible = true;
    const api = { allConversations: async () => [listed('open')] } as unknown as SessionApi;
    const directory = new ConversationDirectory(api, { id: 'me' } as User, () => undefined, () => undefined, () => visible);
    await directory.refresh();
    directory.setActive('open');
    directory.noteMessage(from('alice', 1));
    expect(directory.get('open')?.unreadCount).toBe(0);
    visible = false;
    directory.noteMessage(from('alice', 2));
    directory.noteMessage(from('me', 3));
    expect(directory.get('open')?.unreadCount).toBe(1);
    visible = true;
    directory.noteMyRead('open', 3);
    expect(directory.get('open')?.unreadCount).toBe(0);
  });
});

describe('ConversationDirectory.subscribe', () => {
  const message = (seq: number, mentions: string[] = []) => ({ id: `m${seq}`, conversationId: 'a', senderId: 'alice', seq, body: `${seq}`, mentions, createdAt: '2025-01-02T00:00:00.000Z' }) as unknown as Message;

  /** A socket whose conversation goes to `lastSeq`, `stored` being the messages a sync finds; `duringSync` runs while the first sync is answered. */
  function client(lastSeq: number, stored: Message[], duringSync: () => void = () => undefined) {
    const asked: string[] = [];
    const delivered: number[] = [];
    const fake = {
      request: async (event: string, payload: { afterSeq?: number }) => {
        asked.push(event === 'sync' ? `sync after ${payload.afterSeq}` : event);
        if (event === 'conversation.join') return { lastSeq };
        duringSync();
        duringSync = () => undefined;
        const page = stored.filter((m) => m.seq > (payload.afterSeq ?? 0)).slice(0, 2);
        return { messages: page, hasMore: stored.some((m) => m.seq > (page.at(-1)?.seq ?? Infinity)) };
      },
      noteDelivered: (_: string, seq: number) => delivered.push(seq),
    } as unknown as RealtimeClient;
    return { fake, asked, delivered };
  }

  async function listedAt(lastSeq: number) {
    const changes: string[] = [];
    const api = { allConversations: async () => [{ ...listed('a'), lastSeq, unreadCount: 0, unreadMentionCount: 0 }] } as unknown as SessionApi;
    const directory = new ConversationDirectory(api, { id: 'me' } as User, () => changes.push('changed'), () => undefined, () => true);
    await directory.refresh();
    changes.length = 0;
    return { directory, changes };
  }

  it('counts what was sent after the list was read but before the join took hold, fetched page by page, and says it was delivered', async () => {
    const { directory } = await listedAt(1);
    const { fake, asked, delivered } = client(4, [message(2), message(3, ['me']), message(4)]);
    await directory.subscribe(fake, 'a');
    expect(asked).toEqual(['conversation.join', 'sync after 1', 'sync after 3']);
    expect(directory.get('a')).toMatchObject({ unreadCount: 3, unreadMentionCount: 1, lastSeq: 4, lastMessage: { seq: 4 } });
    expect(delivered).toEqual([4]);
  });

  it('counts a live frame that arrives while the missed ones are fetched once, after them', async () => {
    const { directory, changes } = await listedAt(1);
    const { fake } = client(2, [message(2), message(3)], () => {
      directory.noteMessage(message(3));
      directory.noteMessage(message(2));
    });
    await directory.subscribe(fake, 'a');
    expect(directory.get('a')).toMatchObject({ unreadCount: 2, lastMessage: { seq: 3 } });
    expect(changes).toEqual(['changed']);
  });

  it('fetches nothing and tells no view when the list already counted everything', async () => {
    const { directory, changes } = await listedAt(3);
    const { fake, asked } = client(3, [message(2), message(3)]);
    await directory.subscribe(fake, 'a');
    expect(asked).toEqual(['conversation.join']);
    expect(directory.get('a')?.unreadCount).toBe(0);
    expect(changes).toEqual([]);
  });
});

describe('ConversationDirectory.subscribe twice at once (a reconnect while one runs)', () => {
  it('holds the live frames until the last subscription ends, and counts each message once', async () => {
    const message = (seq: number) => ({ id: `m${seq}`, conversationId: 'a', senderId: 'alice', seq, body: `${seq}`, mentions: [], createdAt: '2025-01-02T00:00:00.000Z' }) as unknown as Message;
    const api = { allConversations: async () => [{ ...listed('a'), lastSeq: 1, unreadCount: 0, unreadMentionCount: 0 }] } as unknown as SessionApi;
    const directory = new ConversationDirectory(api, { id: 'me' } as User, () => undefined, () => undefined, () => true);
    await directory.refresh();
    let releaseFirst!: () => void;
    const first = {
      request: async (event: string) => (event === 'conversation.join' ? new Promise((resolve) => (releaseFirst = () => resolve({ lastSeq: 1 }))) : { messages: [], hasMore: false }),
      noteDelivered: () => undefined,
    } as unknown as RealtimeClient;
    const second = {
      request: async (event: string) => (event === 'conversation.join' ? { lastSeq: 3 } : { messages: [message(2), message(3)], hasMore: false }),
      noteDelivered: () => undefined,
    } as unknown as RealtimeClient;
    const slow = directory.subscribe(first, 'a');
    const fast = directory.subscribe(second, 'a');
    directory.noteMessage(message(4));
    await fast;
    // The first still runs: message 4 waits, and its seq has not hidden 2 and 3.
    expect(directory.get('a')?.unreadCount).toBe(2);
    releaseFirst();
    await slow;
    expect(directory.get('a')).toMatchObject({ unreadCount: 3, lastMessage: { seq: 4 } });
  });
});
