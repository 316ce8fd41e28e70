import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { ReadModelRebuild } from '@chat/conversations';
import { EventName, type Message } from '@chat/contracts';
import { MessagesRepository, toMessage, type NewMessageRow } from '@chat/messaging';
import { ADDRESSED_MESSAGES_INDEX, MessageEntity, MessagePartitions, OutboxWriter, createMessagesIndexOnline, isMessageIdempotencyViolation } from '@chat/persistence';
import { ChatApi } from '@chat/sdk';
import { TEST_ENV, eventually, signUp, sleep, startTestApp, whileLocked, type TestApp, type TestUser } from '@chat/testing';
import { allInOne } from './definition';

const run = promisify(execFile);
const RUN_APP = path.resolve(__dirname, '../../../scripts/run-app.js');
const monthOf = (at: Date) => `messages_y${at.getUTCFullYear()}m${String(at.getUTCMonth() + 1).padStart(2, '0')}`;

/** Seed 004 R12.2: `npm run messages:partition` partitions messages by month, online, and the product reads and writes across the months. */
describe('messages partitioned by month', () => {
  let server: TestApp;
  let alice: TestUser;
  let bob: TestUser;
  let conversationId: string;
  let before: Message[];
  let splitAt: Date;

  const db = () => server.app.get(DataSource);
  const say = (from: TestUser, body: string, clientMessageId = randomUUID()) => from.api.sendMessage(conversationId, { clientMessageId, body });
  /** The whole conversation, ascending, read page by page backwards from its end (pages of `limit`). */
  const wholeHistory = async (limit: number): Promise<Message[]> => {
    const all: Message[] = [];
    for (let beforeSeq: number | undefined; ; ) {
      const page = (await alice.api.history(conversationId, { before: beforeSeq, limit })).messages;
      if (page.length === 0) return all;
      all.unshift(...page);
      beforeSeq = page[0].seq;
    }
  };
  /**
   * Starts each send while the conversation's row is held, one after the other once the one before
   * waits for it, so all look for a first copy before any stores one; then lets them go.
   */
  const racedBehindConversationLock = async <T>(sends: (() => Promise<T>)[]): Promise<PromiseSettledResult<T>[]> => {
    const waiting = async () => (await db().query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`))[0].n;
    // Each send's outcome is taken as it starts: one refused while a later one is still being queued
    // (or the wait for it times out) would otherwise be an unhandled rejection.
    const started: Promise<PromiseSettledResult<T>>[] = [];
    await whileLocked(server.databaseUrl, 'SELECT 1 FROM conversations WHERE id = $1 FOR UPDATE', [conversationId], async () => {
      for (const send of sends) {
        started.push(Promise.allSettled([send()]).then(([outcome]) => outcome));
        await eventually(async () => expect(await waiting()).toBe(started.length));
      }
    });
    return Promise.all(started);
  };
  const partitionOf = async (id: string): Promise<string> => (await db().query(`SELECT tableoid::regclass::text AS name FROM messages WHERE id = $1`, [id]))[0].name;
  const partitionCommand = (...args: string[]) =>
    run('node', [RUN_APP, 'messages-partition', ...args], { env: { ...process.env, ...TEST_ENV, DATABASE_URL: server.databaseUrl, LOG_LEVEL: 'error' }, timeout: 60_000 });

  beforeAll(async () => {
    server = await startTestApp(allInOne);
    [alice, bob] = await Promise.all([signUp(server.url, 'alice'), signUp(server.url, 'bob')]);
    conversationId = (await alice.api.createConversation({ type: 'direct', memberIds: [bob.id] })).conversation.id;
    before = [];
    for (let i = 0; i < 5; i++) before.push((await say(i % 2 ? bob : alice, `before partitioning ${i}`)).message);
  });
  afterAll(() => server?.close());

  it('partitions the table while sends go on: every acknowledged message is stored once, in order, and new ones land in their month', async () => {
    const acknowledged: Message[] = [];
    const failures: unknown[] = [];
    let sending = true;
    const sender = (async () => {
      for (let i = 0; sending; i++) {
        await say(alice, `during ${i}`).then(
          (r) => acknowledged.push(r.message),
          (err) => failures.push(err),
        );
      }
    })();
    // The split seconds ahead rather than at next month's start, so that this run sees sends cross
    // it; far enough that the command (a Node start and its TypeScript compiled on load, slow on a
    // loaded box) swaps before it: until then the check refuses a message made after the split.
    splitAt = new Date(Date.now() + 20_000);
    const { stdout } = await partitionCommand('--split-at', splitAt.toISOString());
    const done = JSON.parse(stdout.trim().split('\n').pop()!);
    await sleep(splitAt.getTime() + 1_500 - Date.now());
    sending = false;
    await sender;

    expect(failures).toEqual([]);
    expect(done).toMatchObject({ event: 'messages.partition.done', partitioned: true });
    const partitions = await new MessagePartitions(db()).list();
    const now = new Date();
    const months = [0, 1, 2, 3].map((ahead) => monthOf(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + ahead, 1))));
    expect(partitions.map((p) => p.name)).toEqual(['messages_before_partitioning', ...months]);
    expect(done.partitions).toEqual(partitions.map((p) => p.name));
    expect(partitions[0]).toMatchObject({ from: null, to: new Date(splitAt.getTime()) });
    expect(partitions[1].from).toEqual(new Date(splitAt.getTime()));
    partitions.slice(1).forEach((p, i) => expect(p.from).toEqual(partitions[i].to));

    const stored = await wholeHistory(100);
    expect(stored.map((m) => m.id)).toEqual([...before, ...acknowledged].map((m) => m.id));
    expect(stored.map((m) => m.seq)).toEqual(stored.map((_, i) => i + 1));
    const [{ rows }] = await db().query(`SELECT count(*)::int AS rows FROM messages WHERE conversation_id = $1`, [conversationId]);
    expect(rows).toBe(stored.length);

    const made = (m: Message) => new Date(m.createdAt).getTime();
    const after = acknowledged.filter((m) => made(m) > splitAt.getTime() + 50);
    const earlier = acknowledged.filter((m) => made(m) < splitAt.getTime() - 50);
    expect(after.length).toBeGreaterThan(0);
    expect(new Set(await Promise.all(after.map((m) => partitionOf(m.id))))).toEqual(new Set([months[0]]));
    expect(new Set(await Promise.all([...before, ...earlier].map((m) => partitionOf(m.id))))).toEqual(new Set(['messages_before_partitioning']));

    // The content-release triggers (migration 1810) belong to the partitioned table now, and each partition has them once, as clones of its.
    const triggers: { table: string; name: string; own: boolean }[] = await db().query(
      `SELECT tgrelid::regclass::text AS table, tgname AS name, tgparentid = 0 AS own FROM pg_trigger
        WHERE tgname LIKE 'messages_content_released_%' AND tgrelid::regclass::text IN ('messages', 'messages_before_partitioning', $1) ORDER BY 1, 2`,
      [months[0]],
    );
    expect(triggers).toEqual(
      ['messages', 'messages_before_partitioning', months[0]].sort().flatMap((table) => ['by_delete', 'by_update'].map((on) => ({ table, name: `messages_content_released_${on}`, own: table === 'messages' }))),
    );

    // Again: nothing to do.
    expect(JSON.parse((await partitionCommand()).stdout.trim().split('\n').pop()!)).toMatchObject({ partitioned: false });
  });

  it('answers a retried send with its first copy, whichever partition holds it, and stores two copies in flight at once once', async () => {
    const first = before[0];
    const retried = await alice.api.sendMessage(conversationId, { clientMessageId: first.clientMessageId, body: 'retried after the split' });
    expect(retried.message).toMatchObject({ id: first.id, seq: first.seq, body: first.body });

    // Two statements in flight with one clientMessageId: the conversation's row is held, so both
    // look for a first copy before either stores one, and one of them meets the partition's unique index.
    const clientMessageId = randomUUID();
    const twins = (await racedBehindConversationLock([() => say(bob, 'sent twice at once', clientMessageId), () => say(bob, 'sent twice at once', clientMessageId)])).map((o) => {
      if (o.status === 'rejected') throw o.reason;
      return o.value;
    });
    expect(twins[1].message.id).toBe(twins[0].message.id);
    expect(await partitionOf(twins[0].message.id)).toMatch(/^messages_y\d{4}m\d{2}$/);
    const [{ copies }] = await db().query(`SELECT count(*)::int AS copies FROM messages WHERE client_message_id = $1`, [clientMessageId]);
    expect(copies).toBe(1);
  });

  it('edits, deletes, reacts to, pages through, searches and rebuilds the conversation list across partitions', async () => {
    const old = before[1];
    const fresh = (await say(bob, 'a fresh message about lanterns')).message;
    expect((await bob.api.editMessage(conversationId, old.id, 'an old message about lanterns, edited')).message.version).toBe(2);
    await alice.api.react(conversationId, fresh.id, '👍');
    await alice.api.deleteMessage(conversationId, before[2].id);

    const pages = await wholeHistory(7);
    expect(pages.map((m) => m.seq)).toEqual(pages.map((_, i) => i + 1));
    expect(pages.find((m) => m.id === old.id)?.body).toBe('an old message about lanterns, edited');
    expect(pages.find((m) => m.id === before[2].id)?.deletedAt).toBeTruthy();
    expect(pages.find((m) => m.id === fresh.id)?.reactions).toMatchObject({ '👍': 1 });

    await eventually(async () => {
      const hits = (await alice.api.search({ q: 'lanterns', conversationId })).hits.map((h) => h.message.id);
      expect(new Set(hits)).toEqual(new Set([old.id, fresh.id]));
    });
    await server.app.get(ReadModelRebuild).rebuild();
    const [listed] = (await bob.api.listConversations()).conversations.filter((c) => c.id === conversationId);
    expect(listed.lastMessage?.id).toBe(fresh.id);
  });

  it('reads one partition for a message found by id', async () => {
    const [[{ 'QUERY PLAN': [plan] }]] = [await db().query(`EXPLAIN (FORMAT JSON) SELECT * FROM messages WHERE id = $1`, [before[0].id])];
    const scanned = JSON.stringify(plan).match(/"Relation Name":"[a-z0-9_]+"/g);
    expect(scanned).toEqual(['"Relation Name":"messages_before_partitioning"']);
  });

  it('counts unread mentions and replies across partitions, from an index the migration also builds on a partitioned table', async () => {
    const addressedToBob = async () => (await bob.api.listConversations()).conversations.find((c) => c.id === conversationId)!.unreadMentionCount;
    const counted = await addressedToBob();
    const reply = (await alice.api.sendMessage(conversationId, { clientMessageId: randomUUID(), body: 'to your old one', replyTo: before[1].id })).message;
    await alice.api.sendMessage(conversationId, { clientMessageId: randomUUID(), body: '@Bob', mentions: [bob.id] });
    expect(await partitionOf(reply.id)).toBe(monthOf(new Date()));
    await eventually(async () => expect(await addressedToBob()).toBe(counted + 2));

    // Built again the way migration 1813 builds it on this table: the parent's index, valid, with one attached per partition.
    await db().query(`DROP INDEX messages_addressed`);
    const runner = db().createQueryRunner();
    // Twice: a second run (as after one that stopped half-way) finds every partition done.
    await createMessagesIndexOnline(runner, ADDRESSED_MESSAGES_INDEX)
      .then(() => createMessagesIndexOnline(runner, ADDRESSED_MESSAGES_INDEX))
      .finally(() => runner.release());
    const [{ valid, attached }] = await db().query(
      `SELECT i.indisvalid AS valid, (SELECT count(*)::int FROM pg_inherits WHERE inhparent = i.indexrelid) AS attached FROM pg_index i WHERE i.indexrelid = 'messages_addressed'::regclass`,
    );
    expect({ valid, attached }).toEqual({ valid: true, attached: (await new MessagePartitions(db()).list()).length });
    expect(await addressedToBob()).toBe(counted + 2);
  });

  it('keeps MESSAGE_PARTITIONS_AHEAD months created ahead from start, and refuses a split in the past', async () => {
    const databaseUrl = server.databaseUrl;
    await server.close();
    server = await startTestApp(allInOne, { DATABASE_URL: databaseUrl, MESSAGE_PARTITIONS_AHEAD: '6' });
    alice = { ...alice, api: new ChatApi({ baseUrl: server.url, accessToken: alice.api.accessToken! }) };
    const names = (await new MessagePartitions(db()).list()).map((p) => p.name);
    const now = new Date();
    expect(names.slice(-1)).toEqual([monthOf(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 6, 1)))]);
    expect(names).toHaveLength(1 + 7);

    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    const end = Number(/^chat_message_partitions_end_seconds (\S+)$/m.exec(metrics)?.[1]);
    expect(end).toBe(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 7, 1) / 1000);

    await expect(partitionCommand('--split-at', '2001-01-01T00:00:00Z')).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('--split-at must be a time in the future') });
    // A mistyped option is a usage error too: its message alone, exit 2.
    await expect(partitionCommand('--split-after', 'soon')).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/^Unknown option '--split-after'.*\n$/) });
  });

  it('stores one of two copies of a send in flight at once on either side of a month’s first millisecond', async () => {
    // Ids as the handler takes them, a millisecond before and after next month's start: two partitions.
    const now = new Date();
    const monthStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1);
    const clientMessageId = randomUUID();
    const [{ tenant_id: tenantId }] = await db().query(`SELECT tenant_id FROM conversations WHERE id = $1`, [conversationId]);
    const copy = (at: number) => {
      const createdAt = new Date(at);
      const row: NewMessageRow = { id: uuidv7({ msecs: at }), tenantId, conversationId, senderId: bob.id, clientMessageId, body: 'sent at midnight', attachments: [], createdAt, keyVersion: null, replyToSeq: null, mentions: null };
      const message = toMessage(Object.assign(new MessageEntity(), row, { seq: 0, editedAt: null, deletedAt: null, version: 1 }));
      const event = server.app.get(OutboxWriter).rowFor({ name: EventName.MessageSent, tenantId: row.tenantId, aggregateType: 'conversation', aggregateId: conversationId, payload: { message } });
      return server.app.get(MessagesRepository).append([row], [event]);
    };
    const outcomes = await racedBehindConversationLock([() => copy(monthStart - 1), () => copy(monthStart)]);
    const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(refused).toHaveLength(1);
    expect(isMessageIdempotencyViolation(refused[0].reason)).toBe(true);
    const stored = await db().query(`SELECT id FROM messages WHERE client_message_id = $1`, [clientMessageId]);
    expect(stored).toHaveLength(1);
  });

  it('drops the months that ended and hold no message, never one that holds some, and never waits on a busy table', async () => {
    const partitions = new MessagePartitions(db());
    const names = async () => (await partitions.list()).map((p) => p.name);
    const all = await names();
    // Seen from four months on, this month and the next three have ended, as has the old table.
    // Those holding a message stay: the old table, this month, and next month if the midnight twin
    // above landed there; the others were never written to.
    const now = new Date();
    const later = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 4, 2, 1));
    const holding = new Set<string>((await db().query(`SELECT DISTINCT tableoid::regclass::text AS home FROM messages`)).map((r: { home: string }) => r.home));
    expect([...holding]).toEqual(expect.arrayContaining(['messages_before_partitioning', monthOf(now)]));
    const ended = [1, 2, 3].map((ahead) => monthOf(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + ahead, 1)))).filter((name) => !holding.has(name));
    expect(ended.length).toBeGreaterThanOrEqual(2);

    const reader = new Client({ connectionString: server.databaseUrl });
    await reader.connect();
    try {
      await reader.query('BEGIN');
      await reader.query('SELECT count(*) FROM messages');
      const started = Date.now();
      expect(await partitions.dropEmptyMonths(later, 500)).toEqual([]);
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      await reader.query('ROLLBACK');
      await reader.end();
    }

    expect(await partitions.dropEmptyMonths(later, 500)).toEqual(ended);
    expect(await names()).toEqual(all.filter((name) => !ended.includes(name)));
    // The months with messages stay, and so do sends and reads.
    expect(await names()).toEqual(expect.arrayContaining([...holding]));
    const sent = (await say(alice, 'after the drop')).message;
    expect((await wholeHistory(100)).at(-1)?.id).toBe(sent.id);
  });
});
