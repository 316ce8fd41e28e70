import WebSocket from 'ws';
import { freePort } from '@chat/testing';

/** What a server process holds for JavaScript after a full garbage collection. */
export interface LiveMemory {
  /** Live objects on the V8 heap. */
  heapUsedBytes: number;
  /** Memory outside the heap that JS objects own (Buffers, ArrayBuffers, native socket state V8 is told of). */
  externalBytes: number;
}

/** How a server is started so the runner can read its live memory, and the reading itself. */
export interface InspectorAccess {
  /** Node flags for the server: the V8 inspector on a free loopback port (none when not wanted). */
  nodeFlags: string[];
  liveMemory?: () => Promise<LiveMemory>;
}

/** Picks an inspector port when `wanted`; a target passes `nodeFlags` on and offers `liveMemory`. */
export async function inspectorAccess(wanted: boolean | undefined): Promise<InspectorAccess> {
  if (!wanted) return { nodeFlags: [] };
  const port = await freePort();
  return { nodeFlags: [`--inspect=127.0.0.1:${port}`], liveMemory: () => readLiveMemory(port) };
}

/**
 * Collects garbage in the process whose inspector listens on `port`, then reads its memory. RSS
 * cannot say what idle sockets cost: it falls when earlier garbage is collected and V8 hands pages
 * back, and it keeps pages V8 no longer uses. The live heap after a full collection can.
 */
async function readLiveMemory(port: number): Promise<LiveMemory> {
  const [target] = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as { webSocketDebuggerUrl: string }[];
  const socket = new WebSocket(target.webSocketDebuggerUrl);
  await new Promise<void>((resolve, reject) => socket.once('open', resolve).once('error', reject));
  try {
    const call = devtoolsCaller(socket);
    await call('HeapProfiler.collectGarbage');
    const { result } = (await call('Runtime.evaluate', { expression: 'JSON.stringify(process.memoryUsage())', returnByValue: true })) as { result: { value: string } };
    const usage = JSON.parse(result.value) as NodeJS.MemoryUsage;
    return { heapUsedBytes: usage.heapUsed, externalBytes: usage.external };
  } finally {
    socket.close();
  }
}

/** Sends DevTools protocol commands over `socket` and answers each with its result (or its error). */
function devtoolsCaller(socket: WebSocket): (method: string, params?: Record<string, unknown>) => Promise<unknown> {
  let nextId = 1;
  const waiting = new Map<number, { resolve(result: unknown): void; reject(err: Error): void }>();
  socket.on('message', (data) => {
    const reply = JSON.parse(String(data)) as { id?: number; result?: unknown; error?: { message: string } };
    const caller = reply.id === undefined ? undefined : waiting.get(reply.id);
    if (!caller) return; // an event, not a reply
    waiting.delete(reply.id!);
    if (reply.error) caller.reject(new Error(`inspector: ${reply.error.message}`));
    else caller.resolve(reply.result);
  });
  socket.on('close', () => waiting.forEach((c) => c.reject(new Error('inspector connection closed'))));
  return (method, params = {}) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, { resolve, reject });
      socket.send(JSON.stringify({ id, method, params }));
    });
}
