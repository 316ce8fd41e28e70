import { EventEmitter } from 'node:events';
import type { Message } from '@chat/contracts';
import { ChatApiError } from './chat-api-error';
import { ConversationFeed } from './conversation-feed';
import type { RealtimeClient } from './realtime-client';

const notFound = () => new ChatApiError(404, { code: 'CONVERSATION_NOT_FOUND', message: 'No such conversation', hint: 'Check the id', requestId: 'r' });
const message = (seq: number) => ({ id: `m${seq}`, conversationId: 'c1', seq }) as Message;
const settle = () => new Promise((resolve) => setImmediate(resolve));

/** A feed over a socket the test drives, its requests answered by `answer` (a rejection refuses). */
function setUp(answer: (event: string) => Promise<unknown>) {
  const socket = new EventEmitter();
  const client = { socket, request: (event: string) => answer(event) } as unknown as RealtimeClient;
  const received: number[] = [];
  const failures: unknown[] = [];
  const feed = new ConversationFeed(client, 'c1', (m) => received.push(m.seq), { onError: (err) => failures.push(err) });
  return { feed, socket, received, failures };
}

describe('ConversationFeed', () => {
  it('hands a failed rejoin after a reconnect to onError, and tries again at the next one', async () => {
    let refuse = false;
    const { feed, socket, failures, received } = setUp(async (event) => {
      if (refuse) throw notFound();
      return event === 'sync' ? { messages: [message(1)], hasMore: false } : {};
    });
    await feed.start();
    expect(received).toEqual([1]);

    refuse = true;
    socket.emit('connect');
    await settle();
    expect(failures).toEqual([expect.objectContaining({ status: 404, body: expect.objectContaining({ code: 'CONVERSATION_NOT_FOUND' }) })]);

    refuse = false;
    socket.emit('connect');
    await settle();
    expect(failures).toHaveLength(1);
  });

  it('hands a failed catch-up after a gap to onError', async () => {
    let syncs = 0;
    const { feed, socket, failures, received } = setUp(async (event) => {
      if (event !== 'sync') return {};
      syncs += 1;
      if (syncs > 1) throw notFound();
      return { messages: [], hasMore: false };
    });
    await feed.start();
    socket.emit('message.created', { message: message(2) }); // seq 1 never came: a gap
    await settle();
    expect(received).toEqual([]);
    expect(failures).toHaveLength(1);
  });
});
