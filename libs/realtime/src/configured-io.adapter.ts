import { Logger, type INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { MessageMappingProperties } from '@nestjs/websockets';
import { createShardedAdapter } from '@socket.io/redis-adapter';
import { Cluster, type Redis } from 'ioredis';
import type { Counter } from 'prom-client';
import type { Observable } from 'rxjs';
import type { Namespace, ServerOptions } from 'socket.io';
import { activeTraceId, clientAddress, type AppConfig, type RedisConfig, type TrustProxyFn } from '@chat/platform';
import { reconnectLocalSockets, whenSubscriberRecovers } from './fan-out-recovery';
import { RealtimeMetrics } from './realtime-metrics';

/** The server type of the socket.io copy Nest's adapter creates (it may differ from the root one). */
type IoServer = Parameters<IoAdapter['close']>[0];
type IoSocket = Parameters<IoAdapter['bindMessageHandlers']>[0];

const SUBSCRIPTIONS_SETTLE_WAIT_MS = 1_000;

/** A Socket.IO adapter that can tell when the room subscriptions its joins asked for are in place. */
export interface SettlingAdapter {
  subscriptionsSettled(): Promise<void>;
}

export interface FanOutAdapter {
  /** The Socket.IO adapter factory to install; undefined keeps the in-memory default. */
  factory: ((nsp: unknown) => ReturnType<ReturnType<typeof createShardedAdapter>> & SettlingAdapter) | undefined;
  close(): Promise<void>;
}

/** The adapter's two connections, one Redis or a Redis Cluster (made by @chat/infra-redis's createRedisPubSub). */
export interface FanOutConnections {
  pub: Redis | Cluster;
  sub: Redis | Cluster;
}

/** Opens the connections for this node; the apps pass @chat/infra-redis's createRedisPubSub (this lib may not import infra). */
export type ConnectFanOut = (redis: RedisConfig, name: string) => FanOutConnections;

/** Told how many sockets of a namespace were made to reconnect after the subscriber connection came back (fan-out-recovery.ts). */
export type OnSocketsResynced = (sockets: number) => void;

/**
 * The fan-out adapter configuration picks: in memory on one node; with REDIS_URL or
 * REDIS_CLUSTER_NODES, the sharded Redis adapter (Redis 7 sharded pub/sub, "dynamic" mode: one
 * channel per room), so a node subscribes only to the rooms its own sockets are in and receives
 * nothing for the others. On a cluster every channel shares one slot (channelPrefix). What the
 * other nodes published while the subscriber connection was down is lost to this node, so when it
 * comes back this node's sockets are made to reconnect and catch up (fan-out-recovery.ts).
 */
export function fanOutAdapter(
  config: Pick<AppConfig, 'redis' | 'nodeId'>,
  connect: ConnectFanOut | undefined,
  resynced: OnSocketsResynced = () => undefined,
  logger = new Logger('SocketAdapter'),
): FanOutAdapter {
  if (!config.redis) return { factory: undefined, close: async () => undefined };
  if (!connect) throw new Error('Redis is configured but the socket adapter was given no way to connect to it');
  const { pub, sub } = connect(config.redis, `chat-${config.nodeId}-io`);
  for (const client of [pub, sub]) client.on('error', (err) => logger.warn({ err }, 'Socket adapter Redis connection error; reconnecting'));
  const sharded = createShardedAdapter(pub, sub, { channelPrefix: channelPrefix(config.redis), subscriptionMode: 'dynamic' });
  const subscriptionsSettled = sub instanceof Cluster ? clusterSubscriptionsSettled(sub) : pingedSubscriptionsSettled(sub);
  return {
    // A function, not an arrow: Socket.IO calls the factory with `new`.
    factory: function settlingAdapter(nsp: unknown) {
      whenSubscriberRecovers(sub, () => {
        const sockets = reconnectLocalSockets(nsp as Namespace);
        logger.warn({ event: 'socket.fanout.resync', namespace: (nsp as Namespace).name, sockets }, 'Socket adapter subscriber reconnected; its sockets reconnect to catch up on what it missed');
        resynced(sockets);
      });
      return Object.assign(sharded(nsp), { subscriptionsSettled });
    },
    close: async () => void (await Promise.all([pub, sub].map((c) => c.quit().catch(() => c.disconnect())))),
  };
}

/**
 * The adapter's channels: the namespace's (joins and leaves made from another node) and one per
 * room. A member taken out of a room must not get the room's next frame, so the leave and that
 * frame must arrive in the order they were published, as they do through one Redis. On a cluster
 * that holds only within one slot (one primary, one subscriber connection), so there the prefix is
 * a hash tag: all of a deployment's fan-out goes through one primary, while the state keys
 * (presence, typing, limits) still spread over all of them.
 */
function channelPrefix(redis: NonNullable<AppConfig['redis']>): string {
  const prefix = `${redis.keyPrefix}:socket.io`;
  return redis.clusterNodes ? `{${prefix}}` : prefix;
}

/**
 * The adapter subscribes to its namespace's channel when made and to a room's channel when the
 * room's first local socket joins, without waiting for Redis. Redis answers one connection's
 * commands in order, so once a PING sent after them is answered, those subscriptions hold. A
 * Redis that does not answer within SUBSCRIPTIONS_SETTLE_WAIT_MS is stalled: frames cannot cross
 * nodes anyway, and the local membership holds, so the wait ends there.
 */
function pingedSubscriptionsSettled(sub: Redis): () => Promise<void> {
  return () => settleWithin(sub.ping());
}

/**
 * On a cluster the subscriptions spread over one connection per primary and a PING would go to
 * none of them, so the SSUBSCRIBE replies themselves are awaited: every one still pending when
 * asked, bounded by the same wait.
 */
function clusterSubscriptionsSettled(sub: Cluster): () => Promise<void> {
  const pending = new Set<Promise<unknown>>();
  const ssubscribe = sub.ssubscribe.bind(sub) as (...channels: string[]) => Promise<unknown>;
  (sub as unknown as { ssubscribe: (...channels: string[]) => Promise<unknown> }).ssubscribe = (...channels: string[]) => {
    const reply = ssubscribe(...channels);
    const tracked = reply.then(
      () => undefined,
      () => undefined,
    );
    pending.add(tracked);
    void tracked.then(() => pending.delete(tracked));
    return reply;
  };
  return () => settleWithin(Promise.all([...pending]));
}

function settleWithin(reply: Promise<unknown>): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, SUBSCRIPTIONS_SETTLE_WAIT_MS);
    const done = () => (clearTimeout(timer), resolve());
    reply.then(done, done);
  });
}

/**
 * Adds the active trace id to every server → client frame broadcast through this namespace: a
 * frame emitted by a consumer continuing the request that caused the event carries that trace's
 * id as `traceId`, as the contract asks.
 */
export function stampTraceIds(namespace: Namespace): void {
  const adapter = namespace.adapter;
  const broadcast = adapter.broadcast.bind(adapter);
  adapter.broadcast = (packet, opts) => {
    const traceId = activeTraceId();
    const data = packet.data as unknown[] | undefined;
    if (traceId && Array.isArray(data) && isPlainObject(data[1]) && !('traceId' in data[1])) {
      packet = { ...packet, data: [data[0], { ...data[1], traceId }, ...data.slice(2)] };
    }
    return broadcast(packet, opts);
  };
}

/** Socket.IO server options that come from configuration rather than decorators, and the fan-out adapter. */
export class ConfiguredIoAdapter extends IoAdapter {
  private readonly fanOut: FanOutAdapter;
  /** From the app's providers, which exist by the time Nest asks for the server (not yet when this adapter is made). */
  private socketsResynced: Counter | undefined;

  constructor(
    private readonly app: INestApplicationContext,
    private readonly config: AppConfig,
    connect?: ConnectFanOut,
  ) {
    super(app);
    this.fanOut = fanOutAdapter(config, connect, (sockets) => this.socketsResynced?.inc(sockets));
  }

  override createIOServer(port: number, options?: ServerOptions): IoServer {
    const server: IoServer = super.createIOServer(port, {
      ...options,
      maxHttpBufferSize: this.config.limits.socketMaxPayloadBytes,
      // Clients that vanish without closing are noticed within pingInterval + pingTimeout.
      pingInterval: 15_000,
      pingTimeout: 10_000,
      cors: { origin: true, credentials: true },
    });
    if (this.fanOut.factory) {
      this.socketsResynced = this.app.get(RealtimeMetrics, { strict: false }).socketsResynced;
      server.adapter(this.fanOut.factory);
    }
    this.addressCallersBehindProxies(server);
    stampTraceIds(server.of('/') as unknown as Namespace);
    server.on('new_namespace', (nsp) => stampTraceIds(nsp as unknown as Namespace));
    return server;
  }

  /**
   * Socket.IO takes `handshake.address` from the TCP peer: behind a proxy, every socket would have
   * the proxy's address. The first middleware puts the caller's there instead, trusting the same
   * proxies as Express's `req.ip` (TRUST_PROXY), so logs and audit entries agree with REST's.
   */
  private addressCallersBehindProxies(server: IoServer): void {
    const express = (this.app as { getHttpAdapter?: () => { getInstance?: () => { get?: (name: string) => unknown } } }).getHttpAdapter?.().getInstance?.();
    const trust = express?.get?.('trust proxy fn') as TrustProxyFn | undefined;
    if (!trust) return;
    server.use((socket, next) => {
      socket.handshake.address = clientAddress(socket.request, trust) ?? socket.handshake.address;
      next();
    });
  }

  /**
   * One plain listener per client event. Nest's own binding builds an RxJS chain per event and
   * socket (fromEvent → mergeMap → takeUntil(disconnect)): with our eight events that was ~30
   * subscribers and ~150 closures, half of an idle connection's memory. Same dispatch: the
   * payload and ack as Nest maps them, the handler's result sent as an ack (or as an event when
   * it has `event`), nothing sent once the socket has disconnected.
   */
  override bindMessageHandlers(socket: IoSocket, handlers: MessageMappingProperties[], transform: (result: unknown) => Observable<unknown>): void {
    for (const { message, callback, isAckHandledManually } of handlers) {
      socket.on(message, (...args: unknown[]) => {
        // fromEvent's convention, which mapPayload expects: one argument alone, several as an array.
        const { data, ack } = this.mapPayload(args.length > 1 ? args : args[0]);
        transform(callback(data, ack)).subscribe((response) => {
          if (response === null || response === undefined || socket.disconnected) return;
          const { event, data: eventData } = response as { event?: string; data?: unknown };
          if (event) socket.emit(event, eventData);
          else if (!isAckHandledManually && typeof ack === 'function') ack(response);
        });
      });
    }
  }

  override async close(server: IoServer): Promise<void> {
    await super.close(server);
    await this.fanOut.close();
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
