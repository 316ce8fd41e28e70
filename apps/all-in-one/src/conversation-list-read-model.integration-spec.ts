import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { ReadModelRebuild } from '@chat/conversations';
import { signUp, startTestApp, type TestApp, type TestUser } from '@chat/testing';
import { allInOne } from './definition';

const CONVERSATIONS = 20;
const MESSAGES_PER_CONVERSATION = 10_000;
/** Bob reads all but his last few messages in every conversation. */
const OWN_AFTER_POINTER = 5;

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Rows': number;
  'Actual Loops': number;
  Plans?: PlanNode[];
}
const nodesOf = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodesOf)];

/**
 * GET /v1/conversations reads the projected read model, so its cost does not grow with the
 * messages stored. What it reads from messages is the reader's own live messages after their read
 * pointer, which the unread count leaves out, through the index `messages_own_live`, and for the
 * "@" count the messages after it that mention someone or reply, through `messages_addressed`.
 * That is checked structurally, not with a stopwatch: the list's own statement, run again under
 * EXPLAIN ANALYZE, touches messages only through those indexes, reading exactly those rows. Its latency with 1M messages stored is measured by `npm run bench -- --scenario history`.
 */
describe('GET /v1/conversations reads the read model, and of messages only my own after my pointer', () => {
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
    await db.query(`UPDATE conversation_members SET last_read_seq = $3 WHERE conversation_id = ANY($1::uuid[]) AND user_id = $2`, [ids, bob.id, MESSAGES_PER_CONVERSATION - OWN_AFTER_POINTER]);
    await db.query(`VACUUM ANALYZE messages`); // as autovacuum leaves a settled table: its visibility map lets index-only scans skip the heap
    await server.app.get(ReadModelRebuild).rebuild();
  });
  afterAll(async () => {
    await db.end();
    await server.close();
  });

  /** The plan of the statement `user`'s list runs, run again under EXPLAIN ANALYZE with the same parameters. */
  async function listPlan(user: TestUser): Promise<PlanNode> {
    const dataSource = server.app.get(DataSource);
    const query = jest.spyOn(dataSource, 'query');
    try {
      await user.api.listConversations();
      const [sql, parameters] = query.mock.calls.find(([text]) => /FROM rm_members m JOIN rm_conversations c/.test(text))!;
      const { rows } = await db.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, parameters);
      return rows[0]['QUERY PLAN'][0].Plan;
    } finally {
      query.mockRestore();
    }
  }

  const messagesRead = (plan: PlanNode) => nodesOf(plan).filter((n) => n['Relation Name'] === 'messages');
  /**
   * Each read of messages comes from an index: my own messages from `messages_own_live` (the index
   * alone), the "@" count from `messages_addressed` and each answered message by its seq.
   */
  const readByIndex = (n: PlanNode) =>
    n['Index Name'] === 'messages_own_live' ? n['Node Type'] === 'Index Only Scan' : ['messages_addressed', 'messages_conversation_seq'].includes(n['Index Name'] as string);

  it('counts every unread message of a large store, leaving out my own', async () => {
    const { conversations } = await alice.api.listConversations();
    expect(conversations).toHaveLength(CONVERSATIONS);
    expect(conversations.every((c) => c.unreadCount === MESSAGES_PER_CONVERSATION)).toBe(true);
    const own = await bob.api.listConversations();
    expect(own.conversations.every((c) => c.unreadCount === 0 && c.lastReadSeq === MESSAGES_PER_CONVERSATION - OWN_AFTER_POINTER)).toBe(true);
  });

  it('reads no message for a reader with nothing of their own after their pointer', async () => {
    const reads = messagesRead(await listPlan(alice));
    expect(reads.length).toBeGreaterThan(0); // the plan has the count: it is what runs
    expect(reads.every(readByIndex)).toBe(true);
    expect(reads.reduce((rows, n) => rows + n['Actual Rows'] * n['Actual Loops'], 0)).toBe(0);
  });

  it('reads, for the "@" count, only the messages after my pointer that mention someone or reply', async () => {
    const EVERY = 100;
    await db.query(`UPDATE messages SET mentions = ARRAY[$2::uuid] WHERE conversation_id = ANY($1::uuid[]) AND seq % ${EVERY} = 0`, [ids, alice.id]);
    const addressed = MESSAGES_PER_CONVERSATION / EVERY;
    expect((await alice.api.listConversations()).conversations.every((c) => c.unreadMentionCount === addressed)).toBe(true);
    const reads = messagesRead(await listPlan(alice));
    expect(reads.every(readByIndex)).toBe(true);
    expect(reads.reduce((rows, n) => rows + n['Actual Rows'] * n['Actual Loops'], 0)).toBe(CONVERSATIONS * addressed);
    await db.query(`UPDATE messages SET mentions = NULL WHERE conversation_id = ANY($1::uuid[])`, [ids]);
  });

  it("reads only the sender's own messages after their pointer, never the history before it", async () => {
    const reads = messagesRead(await listPlan(bob));
    expect(reads.every(readByIndex)).toBe(true);
    // Nothing here mentions anyone or replies: the "@" count reads no row.
    expect(reads.reduce((rows, n) => rows + n['Actual Rows'] * n['Actual Loops'], 0)).toBe(CONVERSATIONS * OWN_AFTER_POINTER);
  });
});
