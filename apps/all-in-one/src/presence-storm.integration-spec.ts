import { randomUUID } from 'node:crypto';
import { ChatApi, RealtimeClient } from '@chat/sdk';
import { connect, record, sleep, startTestApp, type TestApp } from '@chat/testing';
import { allInOne } from './definition';

const USERS = 200;

/** Reads the presence series of /metrics as name → value. */
async function presenceMetrics(url: string): Promise<Record<string, number>> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const values: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const m = /^(chat_presence_\w+?)(\{[^}]*\})? ([\d.e+-]+)$/.exec(line);
    if (m) values[`${m[1]}${m[2] ?? ''}`] = Number(m[3]);
  }
  return values;
}

/** User i's one device: every reconnect is the same device (same deviceId), as with the SDK in a browser tab; each connection holds a presence lease of its own. */
async function device(url: string, token: string, i: number): Promise<RealtimeClient> {
  const client = new RealtimeClient({ url, token, deviceId: `storm-device-${i}`, socket: { reconnection: false } });
  await client.connected();
  return client;
}

const delta = (after: Record<string, number>, before: Record<string, number>) =>
  Object.fromEntries(Object.keys(after).filter((k) => !k.includes('_bucket')).map((k) => [k, +(after[k] - (before[k] ?? 0)).toFixed(6)]));

/**
 * Presence is where chat servers burn CPU: every status change fans out to everyone who can see
 * the user. These storms measure what ours costs and check that reconnects do not flood:
 * 200 users in one channel, watched by one member.
 */
describe('presence under connection storms (measured)', () => {
  let server: TestApp;
  let watcher: RealtimeClient;
  let tokens: string[];
  let frames: ReturnType<typeof record<'presence'>>;
  let sockets: RealtimeClient[] = [];
  // Every device ever connected, for afterAll: when one of a storm's connects fails, the others are not in `sockets`.
  const opened: RealtimeClient[] = [];
  const connectAll = () => Promise.all(tokens.map((t, i) => device(server.url, t, i).then((s) => (opened.push(s), s))));
  const report: Record<string, unknown>[] = [];

  beforeAll(async () => {
    server = await startTestApp(allInOne);
    const owner = new ChatApi({ baseUrl: server.url });
    await owner.guest(`owner_${randomUUID().slice(0, 8)}`);
    const { conversation } = await owner.createConversation({ type: 'channel', name: `storm-${randomUUID()}` });
    tokens = [];
    for (let i = 0; i < USERS; i++) {
      const api = new ChatApi({ baseUrl: server.url });
      await api.guest(`storm_${i}_${randomUUID().slice(0, 6)}`);
      await api.join(conversation.id);
      tokens.push(api.accessToken!);
    }
    watcher = await connect(server.url, owner.accessToken!);
    // The watcher's own lease must outlive the storms (30 s without a heartbeat): on a slow box
    // they take longer than that, and its lapse would be counted as one more status change.
    watcher.startHeartbeat();
    await watcher.request('conversation.join', { conversationId: conversation.id });
    frames = record(watcher, 'presence');
  });
  afterAll(async () => {
    watcher?.close();
    opened.forEach((s) => s.close());
    console.table(report);
    await server?.close();
  });

  async function storm(name: string, act: () => Promise<void>): Promise<{ frames: number; metrics: Record<string, number> }> {
    await sleep(600);
    const before = await presenceMetrics(server.url);
    const framesBefore = frames.frames.length;
    const cpu = process.cpuUsage();
    const started = performance.now();
    await act();
    await sleep(1_000); // sweeps and the coalescing window
    const cpuMs = (process.cpuUsage(cpu).user + process.cpuUsage(cpu).system) / 1000;
    const metrics = delta(await presenceMetrics(server.url), before);
    const received = frames.frames.length - framesBefore;
    const flushMs = (metrics['chat_presence_flush_seconds_sum'] ?? 0) * 1000;
    report.push({
      storm: name,
      users: USERS,
      'frames seen by a watcher': received,
      'status changes announced': Object.entries(metrics).filter(([k]) => k.startsWith('chat_presence_transitions_total')).reduce((n, [, v]) => n + v, 0),
      'broadcasts emitted': metrics['chat_presence_frames_total'] ?? 0,
      'coalesced away': metrics['chat_presence_coalesced_total'] ?? 0,
      'store ops': Object.entries(metrics).filter(([k]) => k.startsWith('chat_presence_store_ops_total')).reduce((n, [, v]) => n + v, 0),
      'broadcast ms (sum)': +flushMs.toFixed(2),
      'wall ms': Math.round(performance.now() - started),
      'process CPU ms (incl. clients)': Math.round(cpuMs),
    });
    return { frames: received, metrics };
  }

  it('a connect storm costs one broadcast per user', async () => {
    const result = await storm('connect', async () => {
      sockets = await connectAll();
    });
    expect(result.frames).toBe(USERS);
    expect(new Set(frames.frames.map((f) => f.userId)).size).toBeGreaterThanOrEqual(USERS);
  });

  it('a reconnect storm after a network drop costs nothing: the leases of the dropped connections run on while the new ones start', async () => {
    const result = await storm('drop + reconnect', async () => {
      sockets.forEach((s) => s.socket.io.engine.close());
      sockets = await connectAll();
    });
    expect(result.frames).toBe(0);
  });

  it('clean disconnects then reconnects cost at most two broadcasts per user, fewer when both land in one window', async () => {
    const result = await storm('close + reconnect', async () => {
      sockets.forEach((s) => s.close());
      sockets = await connectAll();
    });
    // A clean close is announced at once (offline), the reconnect too (online); when both fall in
    // one 250 ms window they net out to nothing. Browsers reloading a page close uncleanly, which
    // is the free case above.
    const announced = Object.entries(result.metrics).filter(([k]) => k.startsWith('chat_presence_transitions_total')).reduce((n, [, v]) => n + v, 0);
    expect(announced).toBe(2 * USERS);
    expect(result.frames).toBeLessThanOrEqual(announced);
    expect(frames.frames.at(-1)?.status).toBe('online');
  });

  it('a disconnect storm costs one broadcast per user', async () => {
    const result = await storm('close all', async () => {
      sockets.forEach((s) => s.close());
      sockets = [];
    });
    expect(result.frames).toBe(USERS);
  });
});
