import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { ServerStatusFrame } from '@chat/contracts';
import { APP_CONFIG, CLOCK, LoadMonitor, Metrics, ReceiptPacer, every, inTurns, serverStatus, type AppConfig, type Clock, type Turns } from '@chat/platform';
import type { ChatServer, ChatSocket } from './chat.gateway';

/** Sockets told of a change per turn of the event loop. */
const STATUS_SOCKETS_PER_TURN = 250;

/** How often the receipt interval is looked at again (it changes only once a window of two intervals is counted). */
const REPACE_MS = 1_000;

/**
 * Tells this node's sockets what it asks of clients now (`server.status`): its load level (what is
 * paused) and the receipt interval, which grows with the receipts its sockets send (ReceiptPacer).
 * Each node tells its own sockets, not through the adapter: both are this node's business.
 *
 * A socket hears it on connect unless both are at rest (normal, the least interval), and every
 * socket hears each change, a slice per turn of the event loop: in one go, a level's change would
 * hold the loop for every socket's write at the moment it is busiest (2,000 sockets took 57 ms on a
 * 2-core box). A newer change drops what is left of the older one's slices.
 */
@Injectable()
export class ServerStatusTeller implements OnModuleDestroy {
  private readonly leastIntervalMs: number;
  private readonly pacer: ReceiptPacer;
  private server: ChatServer | null = null;
  private telling: Turns | null = null;
  private stopRepacing: (() => Promise<void>) | null = null;

  constructor(
    private readonly load: LoadMonitor,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly metrics: Metrics,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.leastIntervalMs = config.load.receipts.minIntervalMs;
    this.pacer = new ReceiptPacer(config.load.receipts, clock.now());
    metrics.receiptIntervalMs.set(this.pacer.currentMs);
  }

  attach(server: ChatServer): void {
    this.server = server;
    this.load.onChange(() => this.tellEveryone());
    this.stopRepacing = every(REPACE_MS, 'ReceiptPacing', async () => {
      if (!this.pacer.repace(this.clock.now())) return;
      this.metrics.receiptIntervalMs.set(this.pacer.currentMs);
      this.tellEveryone();
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.stopRepacing?.();
  }

  /** A socket connected (ChatGateway, right after its `server.protocol` frame): it hears the status unless both are at rest. */
  connected(socket: ChatSocket): void {
    const status = this.status();
    if (status.level !== 'normal' || status.receiptIntervalMs > this.leastIntervalMs) socket.emit('server.status', status);
  }

  /** A socket sent a receipt (`read` or `delivered`), whatever becomes of it. */
  receiptTaken(): void {
    this.pacer.took(this.clock.now());
  }

  private status(): ServerStatusFrame & { receiptIntervalMs: number } {
    return { ...serverStatus(this.load.current.level), receiptIntervalMs: this.pacer.currentMs };
  }

  private tellEveryone(): void {
    if (!this.server) return;
    this.telling?.cancel();
    const status = this.status();
    this.telling = inTurns([...this.server.sockets.sockets.values()], STATUS_SOCKETS_PER_TURN, (socket) => socket.connected && socket.emit('server.status', status));
  }
}
