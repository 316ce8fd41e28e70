import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { EventName, type DeadLettersResponse, type EventEnvelope, type ReplayDeadLettersResponse, type SyncChange } from '@chat/contracts';
import { READ_MODEL_GROUP, ReadModelConsumer } from '@chat/conversations';
import { ChatApi } from '@chat/sdk';
import { eventually, signUp, startTestApp, uniqueName, type TestApp, type TestUser } from '@chat/testing';
import { allInOne } from './definition';

/**
 * A dead letter of the read-model group replayed after newer events of the same conversation must
 * not take the conversation list or the sync feed back in time: each case makes the projection
 * fail on one event until it is set aside, applies a newer event of the same thing, replays the
 * letter through POST /v1/admin/dead-letters/replay, and reads the newest state.
 */
describe('read model: a dead letter replayed after newer events', () => {
  const operatorName = uniqueName('operator');
  let server: TestApp;
  let operator: ChatApi;
  let alice: TestUser;
  let bob: TestUser;
  /** The read-model consumer fails every batch holding an event this matches. */
  let poisoned: (event: EventEnvelope) => boolean = () => false;

  const pendingLetters = async () => (await operator.request<DeadLettersResponse>('GET', `/v1/admin/dead-letters?group=${READ_MODEL_GROUP}`)).data.deadLetters;
  const replay = async (eventId: string) => (await operator.request<ReplayDeadLettersResponse>('POST', '/v1/admin/dead-letters/replay', { group: READ_MODEL_GROUP, eventId })).data;
  const syncOf = async (user: TestUser, conversationId: string): Promise<SyncChange[]> => {
    const changes: SyncChange[] = [];
    for (let page = await user.api.sync(); ; page = await user.api.sync({ since: page.cursor })) {
      changes.push(...page.changes.filter((c) => c.conversationId === conversationId));
      if (!page.hasMore) return changes;
    }
  };
  const summaryOf = async (user: TestUser, conversationId: string) => (await user.api.allConversations()).find((c) => c.id === conversationId);

  /** Poisons the events `matching`, runs `make` and answers the one event set aside. */
  async function deadLettered(matching: (event: EventEnvelope) => boolean, make: () => Promise<unknown>): Promise<EventEnvelope> {
    poisoned = matching;
    try {
      await make();
      return await eventually(
        async () => {
          const letters = (await pendingLetters()).filter((l) => matching(l.event));
          expect(letters).toHaveLength(1);
          return letters[0].event;
        },
        { timeoutMs: 15_000 },
      );
    } finally {
      poisoned = () => false;
    }
  }

  async function replayed(letter: EventEnvelope): Promise<void> {
    expect(await replay(letter.id)).toMatchObject({ replayed: 1 });
    expect((await pendingLetters()).map((l) => l.event.id)).not.toContain(letter.id);
  }

  beforeAll(async () => {
    server = await startTestApp(allInOne, { ADMIN_USERNAMES: operatorName, CONSUMER_MAX_ATTEMPTS: '2', CONSUMER_RETRY_BASE_MS: '5', CONSUMER_RETRY_MAX_MS: '20' });
    operator = new ChatApi({ baseUrl: server.url });
    await operator.register(operatorName, 'Operator', 'password-123');
    [alice, bob] = await Promise.all([signUp(server.url, 'alice'), signUp(server.url, 'bob')]);
    const consumer = server.app.get(ReadModelConsumer);
    const apply = consumer.apply.bind(consumer);
    jest.spyOn(consumer, 'apply').mockImplementation(async (events) => {
      if (events.some((e) => poisoned(e))) throw new Error('the projection cannot apply this event');
      return apply(events);
    });
  });
  afterAll(() => server?.close());

  const channel = async () => (await alice.api.createConversation({ type: 'channel', name: `replay-${randomUUID().slice(0, 8)}` })).conversation;
  const payloadOf = <N extends EventName>(event: EventEnvelope, name: N) => (event.name === name ? (event.payload as EventEnvelope<N>['payload']) : null);

  it('keeps a deleted message deleted: an edit replayed after the delete brings its body back neither to the sync feed, nor to the quotes of replies, nor to the list', async () => {
    const { id: conversationId } = await channel();
    const message = (await alice.api.sendMessage(conversationId, { clientMessageId: randomUUID(), body: 'original words' })).message;
    await alice.api.sendMessage(conversationId, { clientMessageId: randomUUID(), body: 'a reply', replyTo: message.id });
    const letter = await deadLettered(
      (e) => payloadOf(e, EventName.MessageEdited)?.message.id === message.id,
      () => alice.api.editMessage(conversationId, message.id, 'edited words'),
    );
    await alice.api.deleteMessage(conversationId, message.id);
    await eventually(async () => expect((await syncOf(alice, conversationId)).map((c) => c.type)).toContain('message.deleted'));

    await replayed(letter);
    const feed = JSON.stringify(await syncOf(alice, conversationId));
    expect(feed).not.toContain('edited words');
    expect(feed).not.toContain('original words');
    expect(JSON.stringify(await summaryOf(alice, conversationId))).not.toContain('edited words');
  });

  it('keeps a deleted message deleted when its send is replayed after the delete (the one-statement path of message.sent)', async () => {
    const { id: conversationId } = await channel();
    const clientMessageId = randomUUID();
    let messageId = '';
    const letter = await deadLettered(
      (e) => payloadOf(e, EventName.MessageSent)?.message.clientMessageId === clientMessageId,
      async () => (messageId = (await alice.api.sendMessage(conversationId, { clientMessageId, body: 'regretted words' })).message.id),
    );
    await alice.api.deleteMessage(conversationId, messageId);
    await eventually(async () => expect((await syncOf(alice, conversationId)).map((c) => c.type)).toContain('message.deleted'));

    await replayed(letter);
    const feed = await syncOf(alice, conversationId);
    expect(JSON.stringify(feed)).not.toContain('regretted words');
    expect(feed.filter((c) => c.type === 'message.created')).toEqual([]);
  });

  it('leaves no ghost member: a join replayed after the leave adds them neither to the list nor, after the leave, to the sync feed', async () => {
    const { id: conversationId } = await channel();
    const letter = await deadLettered(
      (e) => payloadOf(e, EventName.MemberJoined)?.userId === bob.id && payloadOf(e, EventName.MemberJoined)?.conversationId === conversationId,
      () => bob.api.join(conversationId),
    );
    await bob.api.leave(conversationId);
    await eventually(async () => expect((await syncOf(alice, conversationId)).map((c) => c.type)).toContain('member.left'));

    await replayed(letter);
    expect(await summaryOf(bob, conversationId)).toBeUndefined();
    expect((await summaryOf(alice, conversationId))?.memberCount).toBe(1);
    const bobsChanges = (await syncOf(alice, conversationId)).filter((c) => c.type.startsWith('member.') && (c as { userId: string }).userId === bob.id);
    expect(bobsChanges.map((c) => c.type)).toEqual(['member.left']);
  });

  it('announces no role after the leave: a role change replayed after the member left is not in the sync feed', async () => {
    const { id: conversationId } = await channel();
    await bob.api.join(conversationId);
    const letter = await deadLettered(
      (e) => payloadOf(e, EventName.MemberRoleChanged)?.conversationId === conversationId,
      () => alice.api.changeRole(conversationId, bob.id, 'admin'),
    );
    await bob.api.leave(conversationId);
    await eventually(async () => expect((await syncOf(alice, conversationId)).map((c) => c.type)).toContain('member.left'));

    await replayed(letter);
    const bobsChanges = (await syncOf(alice, conversationId)).filter((c) => c.type.startsWith('member.') && (c as { userId: string }).userId === bob.id);
    expect(bobsChanges.map((c) => c.type)).toEqual(['member.joined', 'member.left']);
    expect(await summaryOf(bob, conversationId)).toBeUndefined();
  });

  it('keeps the newest name of a conversation, and a deleted conversation deleted, when an older update is replayed', async () => {
    const renamed = await channel();
    const staleRename = await deadLettered(
      (e) => payloadOf(e, EventName.ConversationUpdated)?.conversation.name === 'stale name',
      () => alice.api.updateConversation(renamed.id, { name: 'stale name' }),
    );
    await alice.api.updateConversation(renamed.id, { name: 'fresh name' });
    await eventually(async () => expect((await summaryOf(alice, renamed.id))?.name).toBe('fresh name'));
    await replayed(staleRename);
    expect((await summaryOf(alice, renamed.id))?.name).toBe('fresh name');
    const updates = (await syncOf(alice, renamed.id)).filter((c) => c.type === 'conversation.updated');
    expect(updates.map((c) => (c as { conversation: { name: string } }).conversation.name)).toEqual(['fresh name']);

    const doomed = await channel();
    const lastRename = await deadLettered(
      (e) => payloadOf(e, EventName.ConversationUpdated)?.conversation.name === 'last words',
      () => alice.api.updateConversation(doomed.id, { name: 'last words' }),
    );
    await alice.api.deleteConversation(doomed.id);
    await eventually(async () => expect((await syncOf(alice, doomed.id)).map((c) => c.type)).toContain('conversation.deleted'));
    await replayed(lastRename);
    const rows = await server.app.get(DataSource).query(`SELECT 1 FROM rm_conversations WHERE conversation_id = $1`, [doomed.id]);
    expect(rows).toEqual([]);
    expect((await syncOf(alice, doomed.id)).at(-1)?.type).toBe('conversation.deleted');
  });

  it('keeps the newest mute: a mute replayed after the unmute changes neither the list nor the end of the sync feed', async () => {
    const { id: conversationId } = await channel();
    await bob.api.join(conversationId);
    const letter = await deadLettered(
      (e) => payloadOf(e, EventName.MemberMuted)?.conversationId === conversationId && payloadOf(e, EventName.MemberMuted)?.muted === true,
      () => bob.api.setMuted(conversationId, true),
    );
    await bob.api.setMuted(conversationId, false);
    await eventually(async () => expect((await syncOf(bob, conversationId)).map((c) => c.type)).toContain('mute.updated'));

    await replayed(letter);
    expect((await summaryOf(bob, conversationId))?.muted).toBe(false);
    const mutes = (await syncOf(bob, conversationId)).filter((c) => c.type === 'mute.updated');
    expect(mutes.map((c) => (c as { muted: boolean }).muted)).toEqual([false]);
  });
});
