import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Namespace } from 'socket.io';
import { io, type Socket as ClientSocket } from 'socket.io-client';
import { createRedisPubSub } from '@chat/infra-redis';
import { loadConfig, startTelemetry } from '@chat/platform';
import { fanOutAdapter, stampTraceIds, type FanOutAdapter } from '@chat/realtime';
import { SOCKET_FANOUT_CONTRACT, type FanOutUnderTest } from './socket-fanout.contracts';

/** Real Socket.IO servers with the adapter configuration picks, and real clients. */
export class FanOutHarness implements FanOutUnderTest {
  nodes!: [Server, Server];
  private readonly http: HttpServer[] = [];
  private readonly servers: Server[] = [];
  private readonly clients: ClientSocket[] = [];
  private readonly adapters: FanOutAdapter[] = [];

  constructor(private readonly env: Record<string, string>) {}

  async start(nodeCount: 1 | 2): Promise<this> {
    for (let i = 0; i < nodeCount; i++) {
      const config = loadConfig({ ...this.env, NODE_ID: `fanout-${i}` });
      const adapter = fanOutAdapter(config, createRedisPubSub);
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
    const socket = io(this.url(node), { transports: ['websocket'], reconnection: false });
    this.clients.push(socket);
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('connect_error', reject));
    return { socket, serverId: socket.id! };
  };

  /** Where node `node` listens (the last node when there are fewer). */
  url(node: 0 | 1): string {
    const { port } = this.http[Math.min(node, this.http.length - 1)].address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  async stop(): Promise<void> {
    this.clients.forEach((c) => c.close());
    await Promise.all(this.servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    await Promise.all(this.adapters.map((a) => a.close()));
  }
}

/** The socket fan-out contract on `nodeCount` nodes configured by `env` (read when each case starts). */
export function describeFanOutContract(env: () => Record<string, string>, nodeCount: 1 | 2): void {
  // The trace case needs trace ids made and carried (started once per process; later calls return).
  beforeAll(() => startTelemetry(loadConfig({}).telemetry, 'fanout-contract'));
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
}
