import { Client } from 'pg';
import { ReadModelRebuild } from '@chat/conversations';
import { signUp, sleep, startTestApp, type TestApp, type TestUser } from '@chat/testing';
import { allInOne } from './definition';

const CONVERSATIONS = 20;
const MESSAGES_PER_CONVERSATION = 10_000;

/**
 * GET /v1/conversations reads the projected read model and never the messages table, so its cost
 * does not grow with the messages stored. That is checked structurally, not with a stopwatch:
 * while another transaction holds an exclusive lock on messages, the list must still answer,
 * because any statement that read messages would queue behind that lock. Its latency with
 * 1M messages stored is measured by `npm run bench -- --scenario history`.
 */
describe('GET /v1/conversations reads the read model, not messages', () => {
  let server: TestApp;
  let db: Client;
  let alice: TestUser;
  let bob: TestUser;
  let ids: string[];

  beforeAll(async () => {
    server = await startTestApp(allInOne);
    db = new Client({ connectionString: server.databaseUrl });
    await db.connect();
    [alice, bob] = await Promise.all([signUp(server.url, 'alice'), signUp(server.url, 'bob')]);
    ids = [];
    for (let i = 0; i < CONVERSATIONS; i++) ids.push((await alice.api.createConversation({ type: 'group', name: `g${i}`, memberIds: [bob.id] })).conversation.id);
    // Bob's messages go straight into the table, around the outbox; the rebuild projects them.
    await db.query(
      `INSERT INTO messages (id, tenant_id, conversation_id, seq, sender_id, client_message_id, body)
       SELECT gen_random_uuid(), c.tenant_id, c.id, c.last_seq + g, $2, 'bulk-' || c.last_seq + g, 'bulk message ' || g
         FROM conversations c CROSS JOIN generate_series(1, $3::int) g WHERE c.id = ANY($1::uuid[])`,
      [ids, bob.id, MESSAGES_PER_CONVERSATION],
    );
    await db.query(`UPDATE conversations SET last_seq = last_seq + $2 WHERE id = ANY($1::uuid[])`, [ids, MESSAGES_PER_CONVERSATION]);
    await server.app.get(ReadModelRebuild).rebuild();
  });
  afterAll(async () => {
    await db.end();
    await server.close();
  });

  /**
   * Runs `request` while another transaction holds an exclusive lock on messages, and rejects as
   * soon as any session waits for that lock (the request read messages). The lock is released
   * either way, so a request that did wait still completes afterwards.
   */
  async function whileMessagesLocked<T>(request: () => Promise<T>): Promise<T> {
    const locker = new Client({ connectionString: server.databaseUrl });
    await locker.connect();
    let released = false;
    const waitedForMessages = async (): Promise<never> => {
      while (!released) {
        const { rows } = await db.query(`SELECT count(*)::int AS waiting FROM pg_locks WHERE relation = 'messages'::regclass AND NOT granted`);
        if (rows[0].waiting > 0) throw new Error('the request waited for the messages table');
        await sleep(20);
      }
      return new Promise<never>(() => undefined);
    };
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE messages IN ACCESS EXCLUSIVE MODE');
      return await Promise.race([request(), waitedForMessages()]);
    } finally {
      released = true;
      await locker.query('ROLLBACK');
      await locker.end();
    }
  }

  it('counts every unread message of a large store from the read model', async () => {
    const { conversations } = await alice.api.listConversations();
    expect(conversations).toHaveLength(CONVERSATIONS);
    expect(conversations.every((c) => c.unreadCount === MESSAGES_PER_CONVERSATION)).toBe(true);
  });

  it('answers while messages is locked exclusively by another transaction', async () => {
    const { conversations } = await whileMessagesLocked(() => alice.api.listConversations());
    expect(conversations.reduce((n, c) => n + c.unreadCount, 0)).toBe(CONVERSATIONS * MESSAGES_PER_CONVERSATION);
  });

  it('would notice a read of messages: a history page waits for the same lock', async () => {
    let page: ReturnType<TestUser['api']['history']> | undefined;
    await expect(whileMessagesLocked(() => (page = alice.api.history(ids[0], { limit: 10 })))).rejects.toThrow('waited for the messages table');
    expect((await page!).messages).toHaveLength(10);
  });
});
