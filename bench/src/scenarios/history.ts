import { randomBytes, randomInt } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ChatApi } from '@chat/sdk';
import { partitionedSchema, startS3Server } from '@chat/testing';
import { mapBounded } from '../load/bounded';
import { mb, ms, num, seconds } from '../report/format';
import { markdownTable } from '../report/markdown';
import { summarizeSamples } from '../report/stats';
import type { LatencySummary } from '../report/latency';
import { wallNow } from '../runtime/clock';
import { startOurs } from '../targets/ours.target';
import type { Scenario, ScenarioContext } from './scenario';

interface QueryFigures {
  name: string;
  latency: LatencySummary;
  errors: number;
  errorSamples: string[];
}

const SEED_CHUNK = 100_000;

type Layout = 'plain' | 'partitioned' | 'offloaded';

const LAYOUT_NAMES: Record<Layout, string> = { plain: 'plain', partitioned: 'partitioned', offloaded: 'bodies in S3' };
/** How long the offload pass may take to move every seeded body, polled this often. */
const OFFLOAD_WAIT_MS = 30 * 60_000;
const OFFLOAD_POLL_MS = 5_000;

interface LayoutFigures {
  layout: Layout;
  conversations: number;
  messages: number;
  seedMs: number;
  rebuildMs: number | null;
  messagesTableBytes: number;
  partitions: number;
  /** offloaded: how long the server's pass took to move every body to the store. */
  offloadMs: number | null;
  queries: QueryFigures[];
}

/**
 * History and conversation-list latency with a large store: a reader in --conversations channels,
 * --messages messages from another member inserted straight into Postgres (consecutive seqs,
 * conversations.last_seq updated, made over the last --months months, ids UUIDv7 of that time as
 * the server makes them; the server then rebuilds its read models from the tables), then
 * sequential requests: history pages at random `before=` positions (limit 50), the reader's
 * conversation list with everything unread, then all read, and the sender's, who never read: every
 * message after their pointer is their own, which the unread count leaves out by counting them
 * (the worst case of `messages_own_live`, a bot that posts and never reads). With --partitioned,
 * the same again on a new server whose messages are partitioned by month (npm run
 * messages:partition, split before the oldest message), each query's p95 as a ratio of the plain
 * table's. With --offloaded, the same on a server whose bodies its own pass moved to an
 * S3-compatible store (S3Proxy, MESSAGE_CONTENT_OFFLOAD_AFTER_DAYS=1: every seeded message is
 * older), so every history page reads its 50 bodies from there.
 */
export const history: Scenario = async (ctx) => {
  if (!ctx.options.targets.includes('ours')) throw new Error('history measures our server only: run it with --targets ours');
  const layouts: Layout[] = ['plain', ...(ctx.options.partitioned ? (['partitioned'] as const) : []), ...(ctx.options.offloaded ? (['offloaded'] as const) : [])];
  const measured: LayoutFigures[] = [];
  for (const layout of layouts) measured.push(await measureLayout(ctx, layout));
  const [plain, ...others] = measured;
  const header = `### history: ${num(plain.messages)} messages made over ${ctx.options.months} months in ${plain.conversations} conversations, one reader; sequential requests`;
  const layoutLines = measured.map(
    (f) =>
      `${{ plain: 'Plain table', partitioned: `Partitioned by month (${f.partitions} partitions)`, offloaded: 'Bodies offloaded to S3Proxy' }[f.layout]}: seeded with SQL in ${seconds(f.seedMs)} (${num(f.messages / (f.seedMs / 1000))} rows/s); messages with indexes ${mb(f.messagesTableBytes)}` +
      (f.rebuildMs === null ? '' : `; server restart with its read-model rebuild ${seconds(f.rebuildMs)}`) +
      (f.offloadMs === null ? '.' : `; every body moved to the store by the server's pass in ${seconds(f.offloadMs)} (${num(f.messages / (f.offloadMs / 1000))} rows/s).`),
  );
  const table = others.length
    ? markdownTable(
        ['query', 'plain p50', 'plain p95', ...others.flatMap((o) => [`${LAYOUT_NAMES[o.layout]} p50`, `${LAYOUT_NAMES[o.layout]} p95`, 'p95 ratio']), 'errors'],
        plain.queries.map((q, i) => [
          q.name,
          ms(q.latency.p50),
          ms(q.latency.p95),
          ...others.flatMap((o) => [ms(o.queries[i].latency.p50), ms(o.queries[i].latency.p95), `${(o.queries[i].latency.p95 / q.latency.p95).toFixed(2)}×`]),
          num(q.errors + others.reduce((n, o) => n + o.queries[i].errors, 0)),
        ]),
      )
    : markdownTable(
        ['query', 'requests', 'p50', 'p95', 'p99', 'max', 'errors'],
        plain.queries.map((q) => [q.name, num(q.latency.count), ms(q.latency.p50), ms(q.latency.p95), ms(q.latency.p99), ms(q.latency.max), num(q.errors)]),
      );
  const errors = measured.flatMap((f) => f.queries.flatMap((q) => q.errorSamples.slice(0, 3).map((e) => `- ${f.layout}, ${q.name}: ${e}`)));
  const markdown = [header, '', ...layoutLines, '', table, ...(errors.length ? ['', 'Errors seen:', ...errors] : [])].join('\n');
  return { figures: { months: ctx.options.months, layouts: measured }, markdown };
};

async function measureLayout({ options, cleanup, log, cpuProfileDir, measuredWindows, onProfiledExit }: ScenarioContext, layout: Layout): Promise<LayoutFigures> {
  let serverEnv = options.serverEnv;
  if (layout === 'offloaded') {
    const s3 = await startS3Server();
    cleanup.add('S3Proxy', () => s3.stop());
    serverEnv = { ...serverEnv, ...s3.env, MESSAGE_CONTENT_OFFLOAD_AFTER_DAYS: '1', MESSAGE_CONTENT_OFFLOAD_BATCH_SIZE: '5000' };
  }
  const target = await startOurs(cleanup, { cpuProfileDir, onProfiledExit, serverEnv, log });
  try {
    const url = target.urls[0];
    const runId = randomBytes(3).toString('hex');
    const reader = new ChatApi({ baseUrl: url });
    const sender = new ChatApi({ baseUrl: url });
    await reader.guest(`hr_${runId}`);
    const senderId = (await sender.guest(`hs_${runId}`)).user.id;
    const conversations = await mapBounded(Array.from({ length: options.conversations }, (_, i) => i), 8, async (i) => {
      const { conversation } = await reader.createConversation({ type: 'channel', name: `history-${runId}-${i}`, visibility: 'public' });
      await sender.join(conversation.id);
      return conversation.id;
    });

    await target.settle?.(60_000); // the set-up's events projected before the seed
    let db = await target.sql();
    const monthsMs = options.months * 30.44 * 86_400_000;
    if (layout === 'partitioned') {
      const password = (await readFile(path.join(target.dataDir, 'postgres.password'), 'utf8')).trim();
      await partitionedSchema(`postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${target.pgPort}/chat`, new Date(Date.now() - monthsMs - 86_400_000));
    }
    const counts = conversations.map((_, i) => Math.floor(options.messages / conversations.length) + (i < options.messages % conversations.length ? 1 : 0));
    log(`history (${layout}): seeding ${num(options.messages)} messages into ${conversations.length} conversations with SQL`);
    const seedStarted = wallNow();
    let seeded = 0;
    let lastLog = seedStarted;
    for (const [i, id] of conversations.entries()) {
      for (let from = 1; from <= counts[i]; from += SEED_CHUNK) {
        const to = Math.min(counts[i], from + SEED_CHUNK - 1);
        await db.query(
          // Message g of n was made (n - g) / n of the months ago; its id is a UUIDv7 of that time.
          `INSERT INTO messages (id, tenant_id, conversation_id, seq, sender_id, client_message_id, body, created_at)
           SELECT uuidv7(-age), c.tenant_id, c.id, g, $2, 'seed-' || g, 'seeded message ' || g || ' lorem ipsum dolor sit amet, consectetur adipiscing elit', now() - age
             FROM conversations c, generate_series($3::int, $4::int) g,
                  LATERAL (SELECT make_interval(secs => ($5::int - g)::float8 / $5::int * $7::float8 / 1000 + $6::int) AS age) a
            WHERE c.id = $1`,
          [id, senderId, from, to, counts[i], i, monthsMs],
        );
        seeded += to - from + 1;
        if (wallNow() - lastLog > 10_000) {
          lastLog = wallNow();
          log(`history (${layout}): ${num(seeded)} / ${num(options.messages)} seeded (${num(seeded / ((lastLog - seedStarted) / 1000))} rows/s)`);
        }
      }
      await db.query('UPDATE conversations SET last_seq = $2, updated_at = now() - make_interval(secs => $3::int) WHERE id = $1', [id, counts[i], i]);
    }
    await db.query('ANALYZE messages');
    const seedMs = wallNow() - seedStarted;
    // The rows went around the outbox, so projections (the conversation list's read model) never
    // saw them: have the server rebuild them from the tables, as it does when their version changes.
    let rebuildMs: number | null = null;
    const { rows: meta } = await db.query<{ exists: boolean }>(`SELECT to_regclass('rm_meta') IS NOT NULL AS exists`);
    if (meta[0].exists) {
      log(`history (${layout}): restarting the server so it rebuilds its read models from the seeded tables`);
      const restartStarted = wallNow();
      await db.query('DELETE FROM rm_meta');
      await target.restart();
      rebuildMs = wallNow() - restartStarted;
      db = await target.sql();
    }
    let offloadMs: number | null = null;
    if (layout === 'offloaded') {
      // Every seeded message is older than the day after which bodies move; the set-up's own are not.
      log('history (offloaded): waiting for the server’s offload pass to move every seeded body to S3Proxy (it runs every minute)');
      const started = wallNow();
      for (;;) {
        const { rows: left } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM messages WHERE content_key IS NULL AND body <> '' AND deleted_at IS NULL AND created_at < now() - interval '1 day'`);
        if (left[0].n === 0) break;
        if (wallNow() - started > OFFLOAD_WAIT_MS) throw new Error(`history (offloaded): ${num(left[0].n)} bodies still in the table after ${seconds(OFFLOAD_WAIT_MS)}`);
        log(`history (offloaded): ${num(left[0].n)} bodies left in the table`);
        await new Promise((resolve) => setTimeout(resolve, OFFLOAD_POLL_MS));
      }
      offloadMs = wallNow() - started;
    }
    // A partitioned table's size is its partitions'.
    const [{ bytes, partitions }] = (
      await db.query<{ bytes: string; partitions: number }>(
        `SELECT (pg_total_relation_size('messages') + coalesce(sum(pg_total_relation_size(inhrelid)), 0))::text AS bytes, count(inhrelid)::int AS partitions
           FROM (SELECT 1) one LEFT JOIN pg_inherits ON inhparent = 'messages'::regclass`,
      )
    ).rows;
    log(`history (${layout}): seeded in ${(seedMs / 1000).toFixed(1)} s; messages table ${(Number(bytes) / 1024 / 1024).toFixed(0)} MB`);

    const budgetMs = options.durationS * 1000;
    const randomPage = async () => {
      const i = randomInt(conversations.length);
      const before = randomInt(2, counts[i] + 2); // 2..last+1: every page position, the newest included
      const page = await reader.history(conversations[i], { before, limit: 50 });
      const expected = Math.min(50, before - 1);
      if (page.messages.length !== expected || page.messages[page.messages.length - 1].seq !== before - 1) throw new Error(`history page before=${before}: ${page.messages.length} messages, expected ${expected} ending at ${before - 1}`);
    };
    const list = (unread: boolean) => async () => {
      const { conversations: mine } = await reader.listConversations();
      if (mine.length !== conversations.length) throw new Error(`conversation list: ${mine.length} conversations, expected ${conversations.length}`);
      const unreadTotal = mine.reduce((s, c) => s + c.unreadCount, 0);
      if (unread ? unreadTotal !== options.messages : unreadTotal !== 0) throw new Error(`conversation list: unread total ${unreadTotal}, expected ${unread ? options.messages : 0}`);
    };
    const senderList = async () => {
      const { conversations: theirs } = await sender.listConversations();
      if (theirs.length !== conversations.length || theirs.some((c) => c.unreadCount !== 0)) throw new Error(`sender's conversation list: ${theirs.length} conversations, unread ${theirs.reduce((s, c) => s + c.unreadCount, 0)}, expected ${conversations.length} and 0`);
    };
    const queries: QueryFigures[] = [];
    log(`history (${layout}): ${options.requests} history pages (≤ ${options.durationS} s)`);
    queries.push(await timeRequests('history page (limit 50, random before=)', randomPage, options.requests, budgetMs, options.warmupS * 1000, measuredWindows));
    log(`history (${layout}): conversation list, all ${num(options.messages)} messages unread`);
    queries.push(await timeRequests(`conversation list (${conversations.length} conversations, all unread)`, list(true), options.requests, budgetMs, options.warmupS * 1000, measuredWindows));
    // Through the API (the read pointer reaches the list through the outbox), then wait for it.
    await mapBounded(conversations, 4, (id, i) => reader.markRead(id, counts[i]));
    await target.settle?.(60_000);
    log(`history (${layout}): conversation list, everything read`);
    queries.push(await timeRequests(`conversation list (${conversations.length} conversations, all read)`, list(false), options.requests, budgetMs, options.warmupS * 1000, measuredWindows));
    log(`history (${layout}): the sender's conversation list, all ${num(options.messages)} messages their own and after their pointer`);
    queries.push(await timeRequests(`sender's conversation list (all ${num(options.messages)} their own, never read)`, senderList, options.requests, budgetMs, options.warmupS * 1000, measuredWindows));

    return { layout, conversations: conversations.length, messages: options.messages, seedMs, rebuildMs, messagesTableBytes: Number(bytes), partitions, offloadMs, queries };
  } finally {
    await target.stop();
  }
};

/** Sequential requests: `warmupMs` unmeasured, then up to `count` measured or until `budgetMs` is spent. */
async function timeRequests(name: string, request: () => Promise<void>, count: number, budgetMs: number, warmupMs: number, windows: { startAt: number; endAt: number }[]): Promise<QueryFigures> {
  const warmEnd = wallNow() + warmupMs;
  for (let i = 0; i < 20 && wallNow() < warmEnd; i++) await request().catch(() => undefined);
  const samples: number[] = [];
  const errorSamples: string[] = [];
  let errors = 0;
  const startAt = wallNow();
  const deadline = startAt + budgetMs;
  for (let i = 0; i < count && wallNow() < deadline; i++) {
    const t0 = wallNow();
    try {
      await request();
      samples.push(wallNow() - t0);
    } catch (err) {
      errors++;
      if (errorSamples.length < 5) errorSamples.push((err as Error).message);
    }
  }
  windows.push({ startAt, endAt: wallNow() });
  return { name, latency: summarizeSamples(samples), errors, errorSamples };
}
