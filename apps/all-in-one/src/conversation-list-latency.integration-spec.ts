import { Client } from 'pg';
import { DEFAULT_TENANT_ID } from '@chat/contracts';
import { ReadModelRebuild } from '@chat/conversations';
import { signUp, startTestApp, type TestApp, type TestUser } from '@chat/testing';
import { allInOne } from './definition';

const CONVERSATIONS = 20;
const REQUESTS = 300;

/** The list as it was computed before the read model: a count over messages per conversation, at read time. */
const JOIN_AT_READ_TIME = `
  SELECT c.id, m.last_read_seq,
         (SELECT count(*)::int FROM messages x WHERE x.conversation_id = c.id AND x.seq > m.last_read_seq AND x.sender_id <> m.user_id AND x.deleted_at IS NULL) AS unread_count,
         (SELECT row_to_json(l) FROM messages l WHERE l.conversation_id = c.id AND l.seq = c.last_seq) AS last_message
    FROM conversation_members m JOIN conversations c ON c.id = m.conversation_id AND c.deleted_at IS NULL
   WHERE m.tenant_id = $1 AND m.user_id = $2
   ORDER BY GREATEST(c.updated_at, (SELECT l.created_at FROM messages l WHERE l.conversation_id = c.id AND l.seq = c.last_seq)) DESC NULLS LAST, c.id`;

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function timed(times: number, work: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < 10; i++) await work(); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    await work();
    samples.push(performance.now() - started);
  }
  return { p50: +percentile(samples, 50).toFixed(2), p95: +percentile(samples, 95).toFixed(2) };
}

/**
 * GET /v1/conversations reads the projected read model, so its latency must not grow with the
 * number of messages. Measured at 1 000 and 200 000 messages (unread, for the worst case of the
 * old count), next to the join-at-read-time query it replaced.
 */
describe('GET /v1/conversations latency as messages grow (measured)', () => {
  let server: TestApp;
  let db: Client;
  let alice: TestUser;
  let bob: TestUser;
  let ids: string[];
  const report: Record<string, unknown>[] = [];

  beforeAll(async () => {
    server = await startTestApp(allInOne);
    db = new Client({ connectionString: server.databaseUrl });
    await db.connect();
    [alice, bob] = await Promise.all([signUp(server.url, 'alice'), signUp(server.url, 'bob')]);
    ids = [];
    for (let i = 0; i < CONVERSATIONS; i++) ids.push((await alice.api.createConversation({ type: 'group', name: `g${i}`, memberIds: [bob.id] })).conversation.id);
  });
  afterAll(async () => {
    console.table(report);
    await db.end();
    await server.close();
  });

  /** Bob writes `perConversation` more messages into every conversation, straight into the table; then the read model is rebuilt. */
  async function grow(perConversation: number): Promise<number> {
    await db.query(
      `INSERT INTO messages (id, tenant_id, conversation_id, seq, sender_id, client_message_id, body)
       SELECT gen_random_uuid(), c.tenant_id, c.id, c.last_seq + g, $2, 'bulk-' || c.last_seq + g, 'bulk message ' || g
         FROM conversations c CROSS JOIN generate_series(1, $3::int) g WHERE c.id = ANY($1::uuid[])`,
      [ids, bob.id, perConversation],
    );
    await db.query(`UPDATE conversations SET last_seq = last_seq + $2 WHERE id = ANY($1::uuid[])`, [ids, perConversation]);
    await db.query(`ANALYZE messages`);
    await server.app.get(ReadModelRebuild).rebuild();
    return Number((await db.query(`SELECT count(*) FROM messages`)).rows[0].count);
  }

  async function measure(): Promise<{ endpoint: { p50: number; p95: number }; baseline: { p50: number; p95: number } }> {
    const messages = Number((await db.query(`SELECT count(*) FROM messages`)).rows[0].count);
    const { conversations } = await alice.api.listConversations();
    expect(conversations).toHaveLength(CONVERSATIONS);
    expect(conversations.reduce((n, c) => n + c.unreadCount, 0)).toBe(messages);
    const endpoint = await timed(REQUESTS, () => alice.api.listConversations());
    const baseline = await timed(40, () => db.query(JOIN_AT_READ_TIME, [DEFAULT_TENANT_ID, alice.id]));
    report.push({ messages, 'GET /v1/conversations p50 ms': endpoint.p50, 'p95 ms': endpoint.p95, 'join-at-read-time query p50 ms': baseline.p50, 'baseline p95 ms': baseline.p95 });
    return { endpoint, baseline };
  }

  it('keeps p95 flat from 1 000 to 200 000 messages, while the join-at-read-time query grows', async () => {
    await grow(50);
    const small = await measure();
    await grow(9_950);
    const large = await measure();
    expect(large.endpoint.p95).toBeLessThan(small.endpoint.p95 * 3 + 10); // a shared CI machine is noisy; a growing cost would be 100×
    expect(large.baseline.p50).toBeGreaterThan(small.baseline.p50 * 5);
  });
});
