import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import type { Ack, ClientToServerEvents, ServerToClientEvents } from '@chat/contracts';
import { ChatApiError } from './chat-api-error';
import { PointerReporter } from './pointer-reporter';

export type ChatClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

type Payload<E extends keyof ClientToServerEvents> = Parameters<ClientToServerEvents[E]>[0];
type AckResult<E extends keyof ClientToServerEvents> = Parameters<Parameters<ClientToServerEvents[E]>[1]>[0] extends Ack<infer T> ? T : never;

export interface RealtimeOptions {
  url: string;
  /** Access token or ws ticket; a function is asked again on every (re)connect. */
  token: string | (() => string | Promise<string>);
  ackTimeoutMs?: number;
  /**
   * Names this device (sent in the handshake as `auth.deviceId`): presence gives each connection a
   * lease of its own, and a reconnect ends those its dropped connections left rather than leaving
   * them to lapse. Defaults to a random id per client.
   */
  deviceId?: string;
  /** The socket contract version to speak (sent in the handshake as `auth.protocol`); absent: the server's current one. */
  protocol?: string;
  /**
   * Acknowledge delivery by itself (`delivered`, see PointerReporter): for `message.created` frames and
   * `sync` pages, at most once per conversation per `intervalMs` (or the longer interval the server
   * asks for), and again after each reconnect; held while the server's `server.status` lists
   * `receipts` as paused.
   * Off when absent: a client that never shows messages to a person (a bot, a load generator) has
   * nothing to acknowledge.
   */
  deliveryAcks?: { intervalMs: number };
  socket?: Partial<ManagerOptions & SocketOptions>;
}

/**
 * Has a reporter do as the server's `server.status` asks: hold its sends while `receipts` are
 * paused (a loaded server would refuse each one, 503, and pay for every refusal), and leave the
 * `receiptIntervalMs` it names between them. At every connect, an automatic reconnect or one the
 * app asked for, the node reached says so right after if it asks anything, so until then it is
 * taken to take receipts at the reporter's own pace.
 */
export function followServerReceipts(socket: ChatClientSocket, reporter: PointerReporter): void {
  socket.on('server.status', ({ paused, receiptIntervalMs }) => {
    reporter.pace(receiptIntervalMs ?? 0);
    if (paused.includes('receipts')) reporter.pause();
    else reporter.resume();
  });
  socket.on('connect', () => {
    reporter.pace(0);
    reporter.resume();
  });
}

/** Socket.IO connection speaking the contract: `request` resolves with the ack or rejects with ChatApiError. */
export class RealtimeClient {
  readonly socket: ChatClientSocket;
  private readonly heartbeats = new Set<() => void>();
  private readonly deliveryAcks: PointerReporter | null = null;

  constructor(private readonly options: RealtimeOptions) {
    const { token } = options;
    const deviceId = options.deviceId ?? globalThis.crypto.randomUUID();
    this.socket = io(options.url, {
      path: '/socket.io',
      transports: ['websocket'],
      ...options.socket,
      auth: (cb) => {
        void Promise.resolve(typeof token === 'function' ? token() : token).then((t) => cb(options.protocol ? { token: t, deviceId, protocol: options.protocol } : { token: t, deviceId }));
      },
    });
    if (options.deliveryAcks) {
      const acks = (this.deliveryAcks = new PointerReporter((conversationId, seq) => this.request('delivered', { conversationId, seq }), { intervalMs: options.deliveryAcks.intervalMs }));
      this.socket.on('message.created', ({ message }) => acks.report(message.conversationId, message.seq));
      followServerReceipts(this.socket, acks);
      this.socket.io.on('reconnect', () => acks.resend());
    }
  }

  /** Resolves once connected; rejects with the server's error when the handshake is refused. */
  connected(): Promise<void> {
    if (this.socket.connected) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onConnect = () => {
        this.socket.off('connect_error', onError);
        resolve();
      };
      const onError = (err: Error & { data?: { status?: number; error?: ChatApiError['body'] } }) => {
        this.socket.off('connect', onConnect);
        // The server sends the HTTP status the same refusal would have over REST (401 before it did).
        reject(err.data?.error ? new ChatApiError(err.data.status ?? 401, err.data.error) : err);
      };
      this.socket.once('connect', onConnect);
      this.socket.once('connect_error', onError);
    });
  }

  async request<E extends keyof ClientToServerEvents>(event: E, payload: Payload<E>): Promise<AckResult<E>> {
    const ack = (await (this.socket.timeout(this.options.ackTimeoutMs ?? 10_000) as unknown as Socket).emitWithAck(event, payload)) as Ack<object>;
    if (!ack.ok) throw new ChatApiError(0, ack.error);
    const { ok: _ok, ...rest } = ack;
    if (event === 'sync') this.noteSynced(payload as Payload<'sync'>, rest as AckResult<'sync'>);
    return rest as AckResult<E>;
  }

  /**
   * Sends `presence.heartbeat` every `intervalMs` (the server counts a device gone after 30 s
   * without one) and once at every (re)connect. Returns the function that stops it; `close()`
   * stops it too.
   */
  startHeartbeat(intervalMs = 15_000): () => void {
    const beat = () => void this.request('presence.heartbeat', {}).catch(() => undefined);
    const timer = setInterval(() => this.socket.connected && beat(), intervalMs);
    this.socket.on('connect', beat);
    const stop = () => {
      clearInterval(timer);
      this.socket.off('connect', beat);
      this.heartbeats.delete(stop);
    };
    this.heartbeats.add(stop);
    return stop;
  }

  /**
   * Messages up to `seq` reached this device some other way (a history page, the conversation
   * list): acknowledged like frames are, when `deliveryAcks` is on; nothing otherwise.
   */
  noteDelivered(conversationId: string, seq: number): void {
    this.deliveryAcks?.report(conversationId, seq);
  }

  /** A catch-up page's messages reached this device too. */
  private noteSynced({ conversationId }: Payload<'sync'>, { messages }: AckResult<'sync'>): void {
    const last = messages.at(-1);
    if (last) this.noteDelivered(conversationId, last.seq);
  }

  /** Disconnects for good: no reconnects, no heartbeats or acknowledgements left ticking. */
  close(): void {
    this.heartbeats.forEach((stop) => stop());
    this.deliveryAcks?.stop();
    this.socket.close();
  }
}
