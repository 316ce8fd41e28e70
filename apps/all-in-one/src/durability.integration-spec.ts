import { randomUUID } from 'node:crypto';
import { chmod, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Message } from '@chat/contracts';
import { ChatApi, RealtimeClient } from '@chat/sdk';
import { TEST_ENV, freePorts, sleep, startServerProcess, type ServerProcess } from '@chat/testing';

/**
 * Kill the real server process mid-load, start it again on the same data directory, and count:
 * every acknowledged message is there exactly once, in order, with gap-free seqs.
 */
describe('durability of acknowledged messages across kills', () => {
  let dataDir: string;
  let env: Record<string, string>;
  let server: ServerProcess | undefined;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'chat-durability-'));
    const [port, pgPort] = await freePorts(2);
    env = { ...TEST_ENV, DATA_DIR: dataDir, PORT: String(port), EMBEDDED_PG_PORT: String(pgPort), LOG_LEVEL: 'info' };
    delete env.DATABASE_URL;
  });
  afterAll(async () => {
    server?.killGroup('SIGKILL');
    await server?.exited;
    await rm(dataDir, { recursive: true, force: true });
  });

  async function sendUntilKilled(conversationId: string, tokens: string[], kill: () => void): Promise<{ acked: Message[]; attempted: Set<string> }> {
    const acked: Message[] = [];
    const attempted = new Set<string>();
    let stop = false;
    let sending = tokens.length;
    const senders = tokens.map(async (token) => {
      const client = new RealtimeClient({ url: server!.url, token, socket: { reconnection: false }, ackTimeoutMs: 3_000 });
      try {
        await client.connected();
        while (!stop) {
          const clientMessageId = randomUUID();
          attempted.add(clientMessageId);
          try {
            acked.push((await client.request('message.send', { conversationId, clientMessageId, body: `load ${clientMessageId}` })).message);
          } catch {
            break; // the server died under us: this send was not acknowledged
          }
        }
      } finally {
        sending--;
        client.close();
      }
    });
    while (acked.length < 150) {
      // Every sender gave up (could not connect, or the server died): waiting on would never end.
      if (!sending) {
        await Promise.all(senders);
        throw new Error(`the senders stopped after ${acked.length} acknowledged messages`);
      }
      await sleep(10);
    }
    kill();
    stop = true;
    await Promise.all(senders);
    return { acked, attempted };
  }

  async function verify(api: ChatApi, conversationId: string, acked: Message[], attempted: Set<string>): Promise<void> {
    const stored: Message[] = [];
    for (let after = 0; ; ) {
      const page = await api.history(conversationId, { after, limit: 500 });
      stored.push(...page.messages);
      if (!page.hasMore) break;
      after = page.messages[page.messages.length - 1].seq;
    }
    expect(stored.map((m) => m.seq)).toEqual(stored.map((_, i) => i + 1));
    const byClientId = new Map(stored.map((m) => [m.clientMessageId, m]));
    expect(byClientId.size).toBe(stored.length); // nothing stored twice
    for (const m of acked) expect(byClientId.get(m.clientMessageId)).toEqual(m);
    for (const m of stored) expect(attempted.has(m.clientMessageId)).toBe(true);
  }

  it('keeps every acknowledged message after SIGKILL of the server, and after killing it with its Postgres', async () => {
    server = await startServerProcess('all-in-one', env);
    const owner = new ChatApi({ baseUrl: server.url });
    await owner.register('owner', 'Owner', 'password-123');
    const { conversation } = await owner.createConversation({ type: 'channel', name: 'durable' });
    const tokens = [owner.accessToken!];
    for (let i = 0; i < 3; i++) {
      const api = new ChatApi({ baseUrl: server.url });
      await api.register(`sender${i}`, `Sender ${i}`, 'password-123');
      await api.join(conversation.id);
      tokens.push(api.accessToken!);
    }

    const allAcked: Message[] = [];
    const allAttempted = new Set<string>();
    for (const crash of ['server only', 'server and postgres'] as const) {
      const { acked, attempted } = await sendUntilKilled(conversation.id, tokens, () => (crash === 'server only' ? server!.child.kill('SIGKILL') : server!.killGroup('SIGKILL')));
      await server!.exited;
      allAcked.push(...acked);
      attempted.forEach((id) => allAttempted.add(id));
      server = await startServerProcess('all-in-one', env);
      const api = new ChatApi({ baseUrl: server.url });
      await api.login('owner', 'password-123');
      await verify(api, conversation.id, allAcked, allAttempted);
    }
    expect(allAcked.length).toBeGreaterThanOrEqual(300);
  });

  it('stops cleanly on SIGTERM and reuses its data on the next start', async () => {
    server ??= await startServerProcess('all-in-one', env);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(server.output()).toContain('embedded Postgres stopped cleanly');
    server = await startServerProcess('all-in-one', env);
    expect(server.output()).not.toContain('initialising a new Postgres cluster');
    const api = new ChatApi({ baseUrl: server.url });
    await expect(api.login('owner', 'password-123')).resolves.toMatchObject({ user: { username: 'owner' } });
  });
});

describe('the embedded data directory', () => {
  it('is created readable by the server’s OS user only (0700; 0711 when root, for the Postgres user to pass through)', async () => {
    const parent = await mkdtemp(path.join(tmpdir(), 'chat-data-dir-'));
    // Like a working directory: others may pass through it (mkdtemp made it 0700).
    await chmod(parent, 0o755);
    // Not there yet, nor its parent: the server creates both, the parent passable for the Postgres user.
    const dataDir = path.join(parent, 'srv', 'data');
    const [port, pgPort] = await freePorts(2);
    const env: Record<string, string> = { ...TEST_ENV, DATA_DIR: dataDir, PORT: String(port), EMBEDDED_PG_PORT: String(pgPort) };
    delete env.DATABASE_URL;
    let server: ServerProcess | undefined;
    try {
      server = await startServerProcess('all-in-one', env);
      const mode = (await stat(dataDir)).mode & 0o777;
      expect(mode.toString(8)).toBe(process.getuid?.() === 0 ? '711' : '700');
    } finally {
      server?.child.kill('SIGTERM');
      await server?.exited;
      await rm(parent, { recursive: true, force: true });
    }
  });
});
