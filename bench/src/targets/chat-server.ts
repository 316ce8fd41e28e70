import type { Client } from 'pg';
import { ChatApi } from '@chat/sdk';
import { mapBounded } from '../load/bounded';
import { sleep } from '../runtime/processes';
import type { TargetContext } from './target';

/** Limits raised so the load measures the server, not its abuse protection. */
export const OURS_BENCH_ENV = {
  LOG_LEVEL: 'warn',
  RATE_LIMIT_MESSAGES_PER_SECOND: '100000',
  RATE_LIMIT_MESSAGE_BURST: '100000',
  RATE_LIMIT_AUTH_PER_MINUTE: '1000000',
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

/** Waits until the outbox holds no unpublished events (two quiet polls) or `maxMs` passed. */
export async function settleOutbox(target: string, sql: () => Promise<Client>, maxMs: number, ctx: TargetContext): Promise<{ pending: number; waitedMs: number }> {
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
