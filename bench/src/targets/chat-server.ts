import type { Client } from 'pg';
import { ChatApi } from '@chat/sdk';
import { mapBounded } from '../load/bounded';
import { sleep } from '../runtime/processes';
import type { TargetContext } from './target';

/**
 * Node flags every server of a run starts with, ours and the baseline alike: those `npm start` and
 * the image (deploy/Dockerfile) run the apps with. A 32 MB young-generation semi-space (Node 20's
 * default is 16 MB) halves the time ours spends in garbage-collection pauses at a quarter of the
 * ramp's load (README, Benchmarks); giving the baseline the same keeps the ratio a comparison of code.
 */
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=32'];

/** Limits raised so the load measures the server, not its abuse protection. */
export const OURS_BENCH_ENV = {
  LOG_LEVEL: 'warn',
  RATE_LIMIT_MESSAGES_PER_SECOND: '100000',
  RATE_LIMIT_MESSAGE_BURST: '100000',
  RATE_LIMIT_AUTH_PER_MINUTE: '1000000',
  RATE_LIMIT_JOINS_PER_MINUTE: '1000000', // the history scenario's sender joins every conversation
  RATE_LIMIT_CONVERSATIONS_PER_MINUTE: '1000000', // one owner makes every channel of a run
  RATE_LIMIT_RECEIPTS_PER_MINUTE: '1000000', // the history scenario's reader marks every conversation read (--conversations, up to 10,000)
  GUEST_LOGIN_ENABLED: 'true',
  ACCESS_TOKEN_TTL_SECONDS: '7200',
};

/** Public channels made by one guest owner through our REST API: the rooms of a run. */
export async function createChannels(url: string, count: number, runId: string): Promise<string[]> {
  const owner = new ChatApi({ baseUrl: url });
  await owner.guest(`bo_${runId}`);
  return mapBounded(Array.from({ length: count }, (_, i) => i), 8, async (i) => {
    const { conversation } = await owner.createConversation({ type: 'channel', name: `bench-${runId}-${i}`, visibility: 'public' });
    return conversation.id;
  });
}

/**
 * Waits until the set-up is digested, or `maxMs` passed: the outbox holds no unpublished events,
 * then every node's load level is back to normal. The set-up (thousands of logins and joins) keeps
 * the event loop busy enough for backpressure, which then holds for LOAD_RECOVERY_MS; a step
 * measured inside it counts refused sends, not deliveries.
 */
export async function settleServer(target: string, sql: () => Promise<Client>, urls: readonly string[], maxMs: number, ctx: TargetContext): Promise<{ pending: number; waitedMs: number }> {
  const started = Date.now();
  const outbox = await settleOutbox(target, sql, maxMs, ctx);
  let lastLog = Date.now();
  for (;;) {
    const levels = await Promise.all(urls.map(loadLevelOf));
    const busy = levels.filter((l) => l !== 'normal');
    if (busy.length === 0 || Date.now() - started > maxMs) return { pending: outbox.pending, waitedMs: Date.now() - started };
    if (Date.now() - lastLog > 5_000) {
      lastLog = Date.now();
      ctx.log(`${target}: waiting for the load level to return to normal (${busy.join(', ')})`);
    }
    await sleep(500);
  }
}

/** The node's load level as /health/ready reports it. */
async function loadLevelOf(url: string): Promise<string> {
  const res = await fetch(`${url}/health/ready`);
  const body = (await res.json()) as { load?: { level?: string } };
  return body.load?.level ?? 'normal';
}

/** Waits until the outbox holds no unpublished events (two quiet polls) or `maxMs` passed. */
async function settleOutbox(target: string, sql: () => Promise<Client>, maxMs: number, ctx: TargetContext): Promise<{ pending: number; waitedMs: number }> {
  const started = Date.now();
  let lastLog = started;
  let quietPolls = 0;
  for (;;) {
    const { rows } = await (await sql()).query<{ pending: number }>('SELECT count(*)::int AS pending FROM outbox WHERE published_at IS NULL');
    const pending = rows[0].pending;
    quietPolls = pending === 0 ? quietPolls + 1 : 0;
    if (quietPolls >= 2 || Date.now() - started > maxMs) return { pending, waitedMs: Date.now() - started };
    if (Date.now() - lastLog > 10_000) {
      lastLog = Date.now();
      ctx.log(`${target}: waiting for the outbox to drain: ${pending} events unpublished`);
    }
    await sleep(500);
  }
}
