import { randomUUID } from 'node:crypto';
import { freePort } from '@chat/testing';
import type { Cleanup } from '../runtime/cleanup';
import { captureOutput, spawnTs, stopProcessTree, waitUntilReady } from '../runtime/processes';
import { inspectorAccess } from '../runtime/live-memory';
import { SERVER_NODE_FLAGS } from './chat-server';
import type { RunningTarget, TargetContext } from './target';

/** bench/src/baseline-server.ts as its own process on a free loopback port. */
export async function startBaseline(cleanup: Cleanup, ctx: Pick<TargetContext, 'inspect'>): Promise<RunningTarget> {
  const port = await freePort();
  const inspector = await inspectorAccess(ctx.inspect);
  const child = spawnTs('bench/src/baseline-server.ts', { PORT: String(port) }, [...SERVER_NODE_FLAGS, ...inspector.nodeFlags]);
  const output = captureOutput(child);
  const stop = cleanup.add('baseline server', () => stopProcessTree(child, 5_000));
  const url = `http://127.0.0.1:${port}`;
  await waitUntilReady(`${url}/health/ready`, child, output, 30_000);
  return {
    name: 'baseline',
    label: 'baseline (bare Socket.IO broadcast)',
    urls: [url],
    pids: [child.pid!],
    needsAccounts: false,
    createRooms: async (count) => Array.from({ length: count }, () => randomUUID()),
    output,
    liveMemory: inspector.liveMemory,
    stop,
  };
}
