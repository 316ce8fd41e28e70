import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Namespace } from 'socket.io';
import { io, type Socket as ClientSocket } from 'socket.io-client';
import Redis from 'ioredis';
import { loadConfig, startTelemetry } from '@chat/platform';
import { fanOutAdapter, stampTraceIds, type FanOutAdapter } from '@chat/realtime';
import { engineEnv, runId } from '../distributed/engine-env';
import { SOCKET_FANOUT_CONTRACT, type FanOutUnderTest } from './socket-fanout.contracts';

/** Real Socket.IO servers with the adapter configuration picks, and real clients. */
class FanOutHarness implements FanOutUnderTest {
  nodes!: [Server, Server];
  private readonly http: HttpServer[] = [];
  private readonly servers: Server[] = [];
  private readonly clients: ClientSocket[] = [];
  private readonly adapters: FanOutAdapter[] = [];

  constructor(private readonly env: Record<string, string>) {}

  async start(nodeCount: 1 | 2): Promise<this> {
    for (let i = 0; i < nodeCount; i++) {
      const config = loadConfig({ ...this.env, NODE_ID: `fanout-${i}` });
      const adapter = fanOutAdapter(config);
      this.adapters.push(adapter);
      const http = createServer();
      const server = new Server(http, adapter.factory ? { adapter: adapter.factory } : {});
      // Kept before listening, so that stop() releases a harness whose start failed halfway.
      this.servers.push(server);
      this.http.push(http);
      stampTraceIds(server.of('/') as unknown as Namespace);
      await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    }
    this.nodes = [this.servers[0], this.servers[nodeCount - 1]];
    return this;
  }

  // An arrow function: contract cases destructure it off the harness.
  client = async (node: 0 | 1) => {
    const { port } = this.http[Math.min(node, this.http.length - 1)].address() as AddressInfo;
    const socket = io(`http://127.0.0.1:${port}`, { transports: ['websocket'], reconnection: false });
    this.clients.push(socket);
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('connect_error', reject));
    return { socket, serverId: socket.id! };
  };

  async stop(): Promise<void> {
    this.clients.forEach((c) => c.close());
    await Promise.all(this.servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    await Promise.all(this.adapters.map((a) => a.close()));
  }
}

describe('socket fan-out contract', () => {
  beforeAll(() => startTelemetry(loadConfig({}).telemetry, 'fanout-contract'));

  describe.each([
    ['in-memory adapter (one node)', () => ({}), 1 as const],
    ['sharded Redis adapter (two nodes)', () => ({ REDIS_URL: engineEnv().REDIS_URL, REDIS_KEY_PREFIX: runId('fanout').replace('_', '-') }), 2 as const],
  ])('%s', (_name, env, nodeCount) => {
    let harness: FanOutHarness | undefined;
    beforeEach(async () => {
      // Assigned before it starts: afterEach then stops a harness whose start failed halfway.
      harness = new FanOutHarness(env());
      await harness.start(nodeCount);
    });
    afterEach(async () => {
      await harness?.stop();
      harness = undefined;
    });
    for (const c of SOCKET_FANOUT_CONTRACT) it(c.name, () => c.run(harness!));
  });

  it('sharded Redis adapter: a node subscribes only to the rooms its own sockets are in', async () => {
    const prefix = runId('fanout').replace('_', '-');
    const harness = new FanOutHarness({ REDIS_URL: engineEnv().REDIS_URL, REDIS_KEY_PREFIX: prefix });
    const redis = new Redis(engineEnv().REDIS_URL);
    try {
      await harness.start(2);
      const onlyHere = await harness.client(0);
      const both = [await harness.client(0), await harness.client(1)];
      const local = (node: 0 | 1, id: string) => harness.nodes[node].sockets.sockets.get(id)!;
      await local(0, onlyHere.serverId).join('conv:only-here');
      await local(0, both[0].serverId).join('conv:both');
      await local(1, both[1].serverId).join('conv:both');
      await new Promise((r) => setTimeout(r, 300));
      const subscribers = async (room: string) => {
        const reply = (await redis.call('PUBSUB', 'SHARDNUMSUB', `${prefix}:socket.io#/#${room}#`)) as [string, number];
        return Number(reply[1]);
      };
      expect(await subscribers('conv:only-here')).toBe(1);
      expect(await subscribers('conv:both')).toBe(2);
      expect(await subscribers('conv:nobody')).toBe(0);
    } finally {
      redis.disconnect();
      await harness.stop();
    }
  });
});
