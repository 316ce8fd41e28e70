import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Message, MessageResponse } from '@chat/contracts';
import { ChatApi, ChatApiError, RealtimeClient } from '@chat/sdk';
import { TEST_ENV, eventually, freePorts, record, sleep, startServerProcess, type ServerProcess } from '@chat/testing';

/**
 * The embedded Postgres of the default deployment dies under the running server (SIGKILL of the
 * postmaster alone, as the OOM killer does): the server says so, answers 503 STORAGE_UNAVAILABLE
 * and not-ready while it is down, restarts it on the same cluster, and carries on with nothing
 * lost or doubled and live delivery working again.
 */
describe('embedded Postgres dying while the server runs', () => {
  let dataDir: string;
  let env: Record<string, string>;
  let server: ServerProcess | undefined;
  const sockets: RealtimeClient[] = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'chat-pg-restart-'));
    const [port, pgPort] = await freePorts(2);
    // The first restart waits 3 s: a window in which the outage is certain, whatever the machine's speed.
    env = { ...TEST_ENV, DATA_DIR: dataDir, PORT: String(port), EMBEDDED_PG_PORT: String(pgPort), LOG_LEVEL: 'info', EMBEDDED_PG_RESTART_BACKOFF_MS: '3000' };
    delete env.DATABASE_URL;
    server = await startServerProcess('all-in-one', env);
  });
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    server?.killGroup('SIGKILL');
    await server?.exited;
    await rm(dataDir, { recursive: true, force: true });
  });

  const ready = async () => (await fetch(`${server!.url}/health/ready`)).status;

  it('reports the exit, answers 503 STORAGE_UNAVAILABLE while down, restarts Postgres and loses or doubles nothing', async () => {
    const owner = new ChatApi({ baseUrl: server!.url });
    await owner.register('owner', 'Owner', 'password-123');
    const { conversation } = await owner.createConversation({ type: 'channel', name: 'outage' });
    const reader = new ChatApi({ baseUrl: server!.url });
    await reader.register('reader', 'Reader', 'password-123');
    await reader.join(conversation.id);
    const socket = new RealtimeClient({ url: server!.url, token: reader.accessToken!, socket: { reconnection: false } });
    sockets.push(socket);
    await socket.connected();
    await socket.request('conversation.join', { conversationId: conversation.id });
    const live = record(socket, 'message.created');

    const acked: Message[] = [];
    for (let i = 0; i < 20; i++) acked.push((await owner.sendMessage(conversation.id, { clientMessageId: randomUUID(), body: `before ${i}` })).message);
    await live.waitFor(20);

    const postmasterPid = Number(readFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
    process.kill(postmasterPid, 'SIGKILL');

    // Down: not ready (the embedded-postgres check), and a send is refused as retryable, not as a bug.
    await eventually(async () => expect(await ready()).toBe(503), { timeoutMs: 2_000, intervalMs: 20 });
    const refused = await fetch(`${server!.url}/v1/conversations/${conversation.id}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${owner.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ clientMessageId: randomUUID(), body: 'during the outage' }),
    });
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    const { error } = (await refused.json()) as { error: ChatApiError['body'] };
    expect(error).toMatchObject({ code: 'STORAGE_UNAVAILABLE', message: expect.stringMatching(/not saved/) });
    const refusedAck = await socket.request('message.send', { conversationId: conversation.id, clientMessageId: randomUUID(), body: 'socket, during the outage' }).catch((err: unknown) => err);
    expect(refusedAck).toBeInstanceOf(ChatApiError);
    expect((refusedAck as ChatApiError).body).toMatchObject({ code: 'STORAGE_UNAVAILABLE', retryAfterSeconds: expect.any(Number) });

    // Restarted: ready again, on the same cluster.
    await eventually(async () => expect(await ready()).toBe(200), { timeoutMs: 60_000, intervalMs: 200 });
    const log = server!.output();
    expect(log).toMatch(/"event":"postgres\.exited".*"signal":"SIGKILL"/);
    expect(log).toContain('"event":"postgres.restarted"');
    expect(log).toContain('"event":"storage.unavailable"');
    expect(log).not.toContain('"msg":"Unhandled error"');
    expect(log).not.toContain('"msg":"Socket event failed"');
    // The relay's passes (every 200 ms here) fail for seconds; the outage is logged, not each pass.
    expect(log.match(/Outbox relay (pass failed|cannot reach the database)/g)?.length ?? 0).toBeLessThanOrEqual(2);

    // A repeat of a send acknowledged before the kill is the same message, not a new one.
    const repeat = await owner.request<MessageResponse>('POST', `/v1/conversations/${conversation.id}/messages`, { clientMessageId: acked[5].clientMessageId, body: acked[5].body });
    expect(repeat.status).toBe(200);
    expect(repeat.data.message).toEqual(acked[5]);

    // A new send works and reaches the connected reader live.
    const after = (await owner.sendMessage(conversation.id, { clientMessageId: randomUUID(), body: 'after the restart' })).message;
    await live.waitFor(21, 30_000);
    expect(live.frames.map((f) => f.message.id)).toEqual([...acked, after].map((m) => m.id));

    // Everything acknowledged is there exactly once, in order; nothing refused was stored.
    await eventually(async () => {
      const { messages } = await owner.history(conversation.id, { after: 0, limit: 500 });
      expect(messages).toEqual([...acked, after]);
      expect(messages.map((m) => m.seq)).toEqual(messages.map((_, i) => i + 1));
    });
  });

  it('stops cleanly on SIGTERM after the restart, stopping the restarted Postgres', async () => {
    await sleep(100);
    server!.child.kill('SIGTERM');
    expect(await server!.exited).toBe(0);
    expect(server!.output()).toContain('embedded Postgres stopped cleanly');
  });

  it('gives up after EMBEDDED_PG_RESTART_ATTEMPTS failed restarts in a row and exits 1', async () => {
    server = await startServerProcess('all-in-one', { ...env, EMBEDDED_PG_RESTART_ATTEMPTS: '2', EMBEDDED_PG_RESTART_BACKOFF_MS: '1000' });
    const postmasterPid = Number(readFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
    process.kill(postmasterPid, 'SIGKILL');
    // Something else takes Postgres's port before the first restart, so every restart fails.
    const squatter = createServer((socket) => socket.destroy());
    await eventually(() => new Promise<void>((resolve, reject) => squatter.once('error', reject).listen(Number(env.EMBEDDED_PG_PORT), '127.0.0.1', resolve)), { timeoutMs: 900, intervalMs: 10 });
    try {
      let timer: NodeJS.Timeout | undefined;
      const exit = await Promise.race([server!.exited, new Promise((resolve) => (timer = setTimeout(resolve, 30_000, 'still running')))]);
      clearTimeout(timer);
      if (exit !== 1) throw new Error(`expected exit 1, got ${exit}:\n${server!.output().slice(-6000)}`);
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
    // Exit 1 alone could be a crash: the two failed restarts and the give-up must be in the log.
    const log = server!.output();
    const events = log.match(/"event":"postgres\.[a-z_]+"/g) ?? [];
    if (events.filter((e) => e.includes('restart_failed')).length !== 2 || !events.some((e) => e.includes('gave_up'))) {
      throw new Error(`expected two restart_failed and gave_up, got ${events.join(', ')}:\n${log.slice(-6000)}`);
    }
  }, 180_000);
});
