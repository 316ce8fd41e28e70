import { randomUUID } from 'node:crypto';
import { ChatApiError } from '@chat/sdk';
import { connect, eventually, record, signUp, startTestApp, type TestApp, type TestUser } from '@chat/testing';
import { allInOne } from './definition';

describe('messages: ordering, idempotency and history', () => {
  let server: TestApp;
  let owner: TestUser;
  beforeAll(async () => {
    server = await startTestApp(allInOne);
    owner = await signUp(server.url, 'owner');
  });
  afterAll(() => server.close());

  it('gives 50 concurrent senders gap-free, strictly increasing seqs', async () => {
    const { conversation } = await owner.api.createConversation({ type: 'channel', name: `busy-${randomUUID()}` });
    const senders = await Promise.all(Array.from({ length: 50 }, () => signUp(server.url, 'sender')));
    await Promise.all(senders.map((s) => s.api.join(conversation.id)));
    const sends = senders.flatMap((s, i) => [0, 1].map((k) => (k === 0 && i % 2 === 0 ? connect(server.url, s.auth.accessToken).then(async (socket) => {
      try {
        const ack = await socket.request('message.send', { conversationId: conversation.id, clientMessageId: randomUUID(), body: `ws ${i}` });
        return ack.message;
      } finally {
        socket.close();
      }
    }) : s.api.sendMessage(conversation.id, { clientMessageId: randomUUID(), body: `rest ${i}.${k}` }).then((r) => r.message))));
    const messages = await Promise.all(sends);
    const seqs = messages.map((m) => m.seq).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    const history = await owner.api.history(conversation.id, { limit: 500 });
    expect(history.messages.map((m) => m.seq)).toEqual(seqs);
    expect(new Set(history.messages.map((m) => m.id)).size).toBe(100);
  });

  it('returns the same message for a repeated clientMessageId over REST and socket, storing it once', async () => {
    const { conversation } = await owner.api.createConversation({ type: 'channel', name: `idem-${randomUUID()}` });
    const clientMessageId = randomUUID();
    const first = await owner.api.request('POST', `/v1/conversations/${conversation.id}/messages`, { clientMessageId, body: 'once' });
    const again = await owner.api.request('POST', `/v1/conversations/${conversation.id}/messages`, { clientMessageId, body: 'once' });
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.data).toEqual(first.data);
    const socket = await connect(server.url, owner.auth.accessToken);
    const viaSocket = await socket.request('message.send', { conversationId: conversation.id, clientMessageId, body: 'once' }).finally(() => socket.close());
    expect(viaSocket.message).toEqual((first.data as { message: unknown }).message);
    const concurrent = await Promise.all(Array.from({ length: 10 }, () => owner.api.sendMessage(conversation.id, { clientMessageId: 'same-key', body: 'race' })));
    expect(new Set(concurrent.map((r) => r.message.id)).size).toBe(1);
    const history = await owner.api.history(conversation.id);
    expect(history.messages.map((m) => m.seq)).toEqual([1, 2]);
  });

  it('stores text byte-exact: emoji, RTL, combining marks', async () => {
    const { conversation } = await owner.api.createConversation({ type: 'channel', name: `text-${randomUUID()}` });
    const body = 'e\u0301 ﷽ שָׁלוֹם 👩🏽‍💻 \u200f <b>not html</b>\n\ttabs';
    const { message } = await owner.api.sendMessage(conversation.id, { clientMessageId: randomUUID(), body });
    expect(message.body).toBe(body);
    expect((await owner.api.history(conversation.id)).messages[0].body).toBe(body);
  });

  it("serves each reader their own reactions (myReactions) in history, socket sync, search and answers, and tells their devices live", async () => {
    const topic = `mine${randomUUID().slice(0, 8)}`;
    const { conversation } = await owner.api.createConversation({ type: 'channel', name: `mine-${randomUUID()}` });
    const other = await signUp(server.url, 'other');
    await other.api.join(conversation.id);
    const { message } = await owner.api.sendMessage(conversation.id, { clientMessageId: randomUUID(), body: `${topic} react to me` });
    expect(message.myReactions).toEqual([]);
    const ownerDevice = await connect(server.url, owner.auth.accessToken);
    await ownerDevice.request('conversation.join', { conversationId: conversation.id });
    const frames = record(ownerDevice, 'reaction.updated');
    // Sorted: the order of the emoji is the database collation's, which the contract does not fix.
    const sorted = (emoji: string[] | undefined) => emoji && [...emoji].sort();
    const mineOf = (messages: { id: string; myReactions: string[] }[]) => sorted(messages.find((m) => m.id === message.id)?.myReactions);
    const mineAfter = async (change: Promise<{ reactions: Record<string, number>; myReactions: string[] }>) => {
      const { reactions, myReactions } = await change;
      return { reactions, myReactions: sorted(myReactions) };
    };
    const seen = async (user: TestUser) => {
      const socket = await connect(server.url, user.auth.accessToken);
      const synced = await socket.request('sync', { conversationId: conversation.id, afterSeq: 0 }).finally(() => socket.close());
      return { history: mineOf((await user.api.history(conversation.id)).messages), sync: mineOf(synced.messages) };
    };

    try {
      expect(await owner.api.react(conversation.id, message.id, '👍')).toEqual({ conversationId: conversation.id, messageId: message.id, reactions: { '👍': 1 }, myReactions: ['👍'] });
      expect(await mineAfter(other.api.react(conversation.id, message.id, '❤️'))).toEqual({ reactions: { '👍': 1, '❤️': 1 }, myReactions: ['❤️'] });
      expect(await mineAfter(owner.api.react(conversation.id, message.id, '🎉'))).toEqual({ reactions: { '👍': 1, '❤️': 1, '🎉': 1 }, myReactions: ['🎉', '👍'] });
      expect(await mineAfter(other.api.react(conversation.id, message.id, '👍'))).toEqual({ reactions: { '👍': 2, '❤️': 1, '🎉': 1 }, myReactions: ['❤️', '👍'] });
      expect(await seen(owner)).toEqual({ history: ['🎉', '👍'], sync: ['🎉', '👍'] });
      expect(await seen(other)).toEqual({ history: ['❤️', '👍'], sync: ['❤️', '👍'] });
      await eventually(async () => expect(mineOf((await other.api.search({ q: topic })).hits.map((h) => h.message))).toEqual(['❤️', '👍']));

      // An edit answers with the editor's own reactions; its frame, the same for every reader, with none.
      const edits = record(ownerDevice, 'message.updated');
      expect(sorted((await owner.api.editMessage(conversation.id, message.id, `${topic} edited`)).message.myReactions)).toEqual(['🎉', '👍']);
      await edits.waitFor(1);
      expect(edits.frames[0].message.myReactions).toEqual([]);

      // Removing it clears it for that reader only.
      expect(await mineAfter(owner.api.unreact(conversation.id, message.id, '👍'))).toEqual({ reactions: { '👍': 1, '❤️': 1, '🎉': 1 }, myReactions: ['🎉'] });
      expect(await mineAfter(owner.api.unreact(conversation.id, message.id, '🎉'))).toEqual({ reactions: { '👍': 1, '❤️': 1 }, myReactions: [] });
      expect(await seen(owner)).toEqual({ history: [], sync: [] });
      expect(await seen(other)).toEqual({ history: ['❤️', '👍'], sync: ['❤️', '👍'] });

      // Each frame says who changed what, so every device of that person keeps its own set.
      await frames.waitFor(6);
      expect(frames.frames.map(({ userId, emoji, added }) => ({ userId, emoji, added }))).toEqual([
        { userId: owner.id, emoji: '👍', added: true },
        { userId: other.id, emoji: '❤️', added: true },
        { userId: owner.id, emoji: '🎉', added: true },
        { userId: other.id, emoji: '👍', added: true },
        { userId: owner.id, emoji: '👍', added: false },
        { userId: owner.id, emoji: '🎉', added: false },
      ]);
    } finally {
      ownerDevice.close();
    }
  });

  describe('history paging', () => {
    let conversationId: string;
    beforeAll(async () => {
      const { conversation } = await owner.api.createConversation({ type: 'channel', name: `paging-${randomUUID()}` });
      conversationId = conversation.id;
      for (let i = 1; i <= 120; i++) await owner.api.sendMessage(conversationId, { clientMessageId: `m${i}`, body: `message ${i}` });
    });
    const seqsOf = (r: { messages: { seq: number }[] }) => r.messages.map((m) => m.seq);
    const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

    it('pages backwards from the latest with before', async () => {
      const latest = await owner.api.history(conversationId, { limit: 50 });
      expect(seqsOf(latest)).toEqual(range(71, 120));
      expect(latest.hasMore).toBe(true);
      const older = await owner.api.history(conversationId, { before: 71, limit: 50 });
      expect(seqsOf(older)).toEqual(range(21, 70));
      const oldest = await owner.api.history(conversationId, { before: 21, limit: 50 });
      expect(seqsOf(oldest)).toEqual(range(1, 20));
      expect(oldest.hasMore).toBe(false);
    });
    it('pages forwards with after', async () => {
      const page = await owner.api.history(conversationId, { after: 100, limit: 15 });
      expect(seqsOf(page)).toEqual(range(101, 115));
      expect(page.hasMore).toBe(true);
      const last = await owner.api.history(conversationId, { after: 115, limit: 15 });
      expect(seqsOf(last)).toEqual(range(116, 120));
      expect(last.hasMore).toBe(false);
    });
    it('centres on a seq with around, including it', async () => {
      const page = await owner.api.history(conversationId, { around: 60, limit: 10 });
      expect(seqsOf(page)).toEqual(range(55, 64));
      expect(page.hasMore).toBe(true);
    });
    it('syncs over the socket from the last seq seen', async () => {
      const socket = await connect(server.url, owner.auth.accessToken);
      const page = await socket.request('sync', { conversationId, afterSeq: 110, limit: 500 }).finally(() => socket.close());
      expect(seqsOf(page)).toEqual(range(111, 120));
      expect(page.hasMore).toBe(false);
    });
    it('enforces the page size bounds', async () => {
      await expect(owner.api.history(conversationId, { limit: 501 })).rejects.toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
      await expect(owner.api.history(conversationId, { limit: 0 })).rejects.toBeInstanceOf(ChatApiError);
      expect(seqsOf(await owner.api.history(conversationId, { limit: 500 }))).toEqual(range(1, 120));
    });
  });
});
