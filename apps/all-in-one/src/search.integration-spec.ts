import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { SearchHit, SearchResponse } from '@chat/contracts';
import { ChatApiError } from '@chat/sdk';
import { eventually, signUp, startTestApp, type TestApp, type TestUser } from '@chat/testing';
import { allInOne } from './definition';

/** A word no other test (or run) uses, so each test sees only its own messages. */
const word = (prefix: string) => `${prefix}${randomUUID().slice(0, 8)}`;
const send = (user: TestUser, conversationId: string, body: string) => user.api.sendMessage(conversationId, { clientMessageId: randomUUID(), body }).then((r) => r.message);
const bodies = (res: SearchResponse) => res.hits.map((h) => h.message.body).sort();

/**
 * GET /v1/search on the embedded platform: Postgres full-text fed in-process by the search
 * projection. The index trails the outbox relay, so expectations about it are retried briefly.
 */
describe('search', () => {
  let server: TestApp;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  beforeAll(async () => {
    server = await startTestApp(allInOne);
    [alice, bob, carol] = await Promise.all([signUp(server.url, 'alice'), signUp(server.url, 'bob'), signUp(server.url, 'carol')]);
  });
  afterAll(() => server?.close());

  describe('who sees what', () => {
    const topic = word('budget');
    let group: string;
    let publicChannel: string;
    let privateChannel: string;
    beforeAll(async () => {
      group = (await alice.api.createConversation({ type: 'group', name: 'planning', memberIds: [bob.id] })).conversation.id;
      publicChannel = (await alice.api.createConversation({ type: 'channel', name: word('open-'), visibility: 'public' })).conversation.id;
      privateChannel = (await alice.api.createConversation({ type: 'channel', name: word('closed-'), visibility: 'private' })).conversation.id;
      await send(alice, group, `the ${topic} review is on friday`);
      await send(alice, publicChannel, `${topic} notes for everyone`);
      await send(alice, privateChannel, `${topic} secrets`);
      await eventually(async () => expect((await alice.api.search({ q: topic })).hits).toHaveLength(3));
    });

    it('finds messages of my conversations and of public channels, never of private ones I am not in', async () => {
      expect(bodies(await alice.api.search({ q: topic }))).toEqual([`${topic} notes for everyone`, `${topic} secrets`, `the ${topic} review is on friday`]);
      expect(bodies(await bob.api.search({ q: topic }))).toEqual([`${topic} notes for everyone`, `the ${topic} review is on friday`]);
      expect(bodies(await carol.api.search({ q: topic }))).toEqual([`${topic} notes for everyone`]);
    });

    it('answers each hit with the message, a highlight, a score and its conversation', async () => {
      const { hits } = await bob.api.search({ q: `${topic} friday` });
      expect(hits).toHaveLength(1);
      const [hit] = hits;
      expect(hit.message).toMatchObject({ conversationId: group, senderId: alice.id, body: `the ${topic} review is on friday`, seq: 1, deletedAt: null, reactions: {} });
      expect(hit.highlight).toBe(`the <mark>${topic}</mark> review is on <mark>friday</mark>`);
      expect(hit.score).toBeGreaterThan(0);
      expect(hit.conversation).toMatchObject({ id: group, type: 'group', name: 'planning' });
    });

    it('narrows to one conversation I may see, and answers 404 for one I may not, as every read does', async () => {
      expect(bodies(await bob.api.search({ q: topic, conversationId: group }))).toEqual([`the ${topic} review is on friday`]);
      expect(bodies(await carol.api.search({ q: topic, conversationId: publicChannel }))).toEqual([`${topic} notes for everyone`]);
      for (const conversationId of [group, privateChannel, randomUUID()]) {
        const err = await carol.api.search({ q: topic, conversationId }).catch((e: ChatApiError) => e);
        expect(err).toBeInstanceOf(ChatApiError);
        expect((err as ChatApiError).status).toBe(404);
        expect((err as ChatApiError).body).toMatchObject({ code: 'CONVERSATION_NOT_FOUND' });
      }
    });

    it('stops finding a group’s messages as soon as I am removed from it', async () => {
      const other = (await alice.api.createConversation({ type: 'group', name: 'temporary', memberIds: [carol.id] })).conversation.id;
      const secret = word('secret');
      await send(alice, other, `${secret} agenda`);
      await eventually(async () => expect(bodies(await carol.api.search({ q: secret }))).toEqual([`${secret} agenda`]));
      await alice.api.kick(other, carol.id);
      expect((await carol.api.search({ q: secret })).hits).toEqual([]);
      const err = await carol.api.search({ q: secret, conversationId: other }).catch((e: ChatApiError) => e);
      expect((err as ChatApiError).status).toBe(404);
    });

    it('finds nothing in a public channel for someone banned from it, in it or across channels, until the ban is lifted', async () => {
      const square = (await alice.api.createConversation({ type: 'channel', name: word('square-'), visibility: 'public' })).conversation.id;
      const news = word('news');
      await send(alice, square, `${news} for the square`);
      await eventually(async () => expect(bodies(await carol.api.search({ q: news }))).toEqual([`${news} for the square`]));
      await alice.api.ban(square, { userId: carol.id });
      await send(alice, square, `${news} after the ban`);
      await eventually(async () => expect((await alice.api.search({ q: news })).hits).toHaveLength(2));
      expect((await carol.api.search({ q: news })).hits).toEqual([]);
      const err = await carol.api.search({ q: news, conversationId: square }).catch((e: ChatApiError) => e);
      expect((err as ChatApiError).body).toMatchObject({ code: 'BANNED_FROM_CONVERSATION' });
      await alice.api.request('DELETE', `/v1/conversations/${square}/bans/${carol.id}`);
      expect((await carol.api.search({ q: news })).hits).toHaveLength(2);
    });

    it('forgets the messages of a deleted conversation', async () => {
      const doomed = (await alice.api.createConversation({ type: 'channel', name: word('doomed-'), visibility: 'public' })).conversation.id;
      const marker = word('farewell');
      await send(alice, doomed, `${marker} message`);
      await eventually(async () => expect((await carol.api.search({ q: marker })).hits).toHaveLength(1));
      await alice.api.deleteConversation(doomed);
      // At once (only live conversations are searched) and from the index too.
      expect((await carol.api.search({ q: marker })).hits).toEqual([]);
      await eventually(async () => expect(await server.app.get(DataSource).query(`SELECT 1 FROM search_messages WHERE conversation_id = $1`, [doomed])).toEqual([]));
    });
  });

  describe('changes to messages', () => {
    let channel: string;
    beforeAll(async () => {
      channel = (await alice.api.createConversation({ type: 'channel', name: word('changes-'), visibility: 'public' })).conversation.id;
    });

    it('finds an edited message by its new words only, showing its current body and reactions', async () => {
      const [before, after] = [word('draft'), word('final')];
      const message = await send(alice, channel, `${before} version`);
      await eventually(async () => expect((await bob.api.search({ q: before })).hits).toHaveLength(1));
      await alice.api.editMessage(channel, message.id, `${after} version`);
      await alice.api.react(channel, message.id, '👍');
      const hit = await eventually(async () => {
        const { hits } = await bob.api.search({ q: after });
        expect(hits).toHaveLength(1);
        return hits[0] as SearchHit;
      });
      expect(hit.message).toMatchObject({ id: message.id, body: `${after} version`, version: 2, reactions: { '👍': 1 } });
      expect(hit.message.editedAt).not.toBeNull();
      expect((await bob.api.search({ q: before })).hits).toEqual([]);
    });

    it('leaves out a message edited since it was indexed, so a highlight never shows words edited out', async () => {
      const secret = word('password');
      const message = await send(alice, channel, `the ${secret} is in the vault`);
      await eventually(async () => expect((await bob.api.search({ q: secret })).hits).toHaveLength(1));
      // An edit the index has not caught up with: the row is at version 2, the index still holds version 1.
      await server.app.get(DataSource).query(`UPDATE messages SET body = 'the vault is empty', edited_at = now(), version = version + 1 WHERE id = $1`, [message.id]);
      expect((await bob.api.search({ q: secret })).hits).toEqual([]);
      const [indexed] = await server.app.get(DataSource).query(`SELECT version FROM search_messages WHERE message_id = $1`, [message.id]);
      expect(indexed).toEqual({ version: 1 });
    });

    it('never answers a deleted message', async () => {
      const gone = word('oops');
      const message = await send(alice, channel, `${gone} wrong channel`);
      await eventually(async () => expect((await bob.api.search({ q: gone })).hits).toHaveLength(1));
      await alice.api.deleteMessage(channel, message.id);
      // At once (hits are hydrated from the messages table) and for good (the index drops it too).
      expect((await bob.api.search({ q: gone })).hits).toEqual([]);
      await eventually(async () => {
        const [row] = await server.app.get(DataSource).query(`SELECT deleted, body FROM search_messages WHERE message_id = $1`, [message.id]);
        expect(row).toEqual({ deleted: true, body: '' });
      });
    });

    it('ranks the message most about the words first', async () => {
      const term = word('kafka');
      await send(alice, channel, `a long message that mentions ${term} once among many other words about lunch, weather and weekend plans`);
      await send(alice, channel, `${term} ${term}: the ${term} broker is down`);
      const { hits } = await eventually(async () => {
        const res = await bob.api.search({ q: term });
        expect(res.hits).toHaveLength(2);
        return res;
      });
      expect(hits[0].message.body).toBe(`${term} ${term}: the ${term} broker is down`);
      expect(hits[0].score).toBeGreaterThan(hits[1].score);
    });
  });
});
