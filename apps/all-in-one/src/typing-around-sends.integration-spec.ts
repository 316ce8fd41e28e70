import { Client } from 'pg';
import { SETTLE_MS, connect, eventually, group, record, say, signUp, sleep, startTestApp, whileLocked, type TestApp } from '@chat/testing';
import { allInOne } from './definition';

/**
 * A message's event ends its sender's typing, but only typing from before the message: the event
 * comes after the send (a relay pass here, Kafka too on the split deployment), and by then the
 * sender may be typing their next message. Each case holds its send at the commit (the
 * conversation's row locked, as a long writer would hold it), so the typist acts after the message
 * was created and before its event, whatever the relay's timing.
 */
describe('typing around a send', () => {
  let server: TestApp;
  let db: Client;

  beforeAll(async () => {
    // Entries outlast every case: only a stop or a send ends them.
    server = await startTestApp(allInOne, { TYPING_TTL_SECONDS: '60' });
    db = new Client({ connectionString: server.databaseUrl });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    await server?.close();
  });

  /** Alice typing in a new group with Bob (whose typing and message.created frames are recorded). */
  async function aliceTyping() {
    const [alice, bob] = await Promise.all([signUp(server.url, 'typist'), signUp(server.url, 'reader')]);
    const conversationId = (await group(alice, [bob])).id;
    const [a, b] = await Promise.all([connect(server.url, alice.auth.accessToken), connect(server.url, bob.auth.accessToken)]);
    for (const socket of [a, b]) await socket.request('conversation.join', { conversationId });
    const bobSees = record(b, 'typing');
    const typing = (isTyping: boolean) => a.request('typing', { conversationId, isTyping });
    await typing(true);
    await eventually(() => expect(bobSees.frames.at(-1)?.userIds).toEqual([alice.id]));
    return { alice, conversationId, sockets: [a, b], bobSees, bobGetsMessages: record(b, 'message.created'), typing };
  }

  /**
   * Alice sends while the conversation's row is locked: her send has its createdAt and waits at the
   * commit while `meanwhile` runs. Then the row goes, and this returns once Bob got the message and
   * the event's end of typing (right after the frame) has had time to show.
   */
  async function sendHeldAtCommit(room: Awaited<ReturnType<typeof aliceTyping>>, meanwhile: () => Promise<unknown>): Promise<void> {
    const { sending } = await whileLocked(server.databaseUrl, 'SELECT 1 FROM conversations WHERE id = $1 FOR UPDATE', [room.conversationId], async () => {
      const sending = say(room.alice, room.conversationId, 'sent while typing');
      await eventually(
        async () => {
          // The send statement (MessagesRepository.append) waits for the row: its createdAt is taken.
          const { rows } = await db.query(`SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%WITH input AS%'`);
          expect(rows.length).toBeGreaterThan(0);
        },
        { intervalMs: 10 },
      );
      await meanwhile();
      // Wrapped: a promise returned as such would be awaited while the row is still locked.
      return { sending };
    });
    await sending;
    await room.bobGetsMessages.waitFor(1);
    await sleep(SETTLE_MS);
  }

  const closing = (room: { sockets: { close(): void }[] }) => room.sockets.forEach((s) => s.close());

  it('ends the typing that led to the message once its event comes', async () => {
    const room = await aliceTyping();
    try {
      await sendHeldAtCommit(room, async () => undefined);
      expect(room.bobSees.frames.at(-1)?.userIds).toEqual([]);
    } finally {
      closing(room);
    }
  });

  it('keeps typing started again after the send, as the web client does it (a stop with the send, a start at the next key)', async () => {
    const room = await aliceTyping();
    try {
      let shown = 0;
      await sendHeldAtCommit(room, async () => {
        await room.typing(false);
        await room.typing(true);
        await eventually(() => expect(room.bobSees.frames.map((f) => f.userIds)).toEqual([[room.alice.id], [], [room.alice.id]]));
        shown = room.bobSees.frames.length;
      });
      expect(room.bobSees.frames.slice(shown)).toEqual([]);
    } finally {
      closing(room);
    }
  });

  it('keeps typing refreshed after the send by a typist who never stopped', async () => {
    const room = await aliceTyping();
    try {
      await sendHeldAtCommit(room, () => room.typing(true));
      expect(room.bobSees.frames.map((f) => f.userIds)).toEqual([[room.alice.id]]);
    } finally {
      closing(room);
    }
  });
});
