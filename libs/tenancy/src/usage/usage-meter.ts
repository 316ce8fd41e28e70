import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '@chat/platform';

/** What one tenant used since the last flush. */
export interface UsageDelta {
  connectionMs: number;
  socketEgressBytes: number;
  mediaEgressBytes: number;
}

/**
 * One open socket's meter. The gateway adds every packet it writes with `sent` (a number added to
 * a field: the send path pays nothing more); the meter collects the bytes and the time since the
 * last collection at each flush, and the rest at `closed`.
 */
export class SocketMeter {
  /** Bytes written since the last collection. */
  bytes = 0;

  constructor(
    readonly tenantId: string,
    /** Up to when its connection time has been counted (epoch ms). */
    public countedUntil: number,
    private readonly onClose: (meter: SocketMeter) => void,
  ) {}

  sent(bytes: number): void {
    this.bytes += bytes;
  }

  closed(): void {
    this.onClose(this);
  }
}

/**
 * Per-tenant usage of this node, in memory, until the flusher takes it (`drain`) and adds it to
 * `tenant_usage_daily`. Nothing here touches the database or awaits: the socket and media paths
 * only add numbers. Time comes from CLOCK, so a test can move it.
 */
@Injectable()
export class UsageMeter {
  private readonly open = new Set<SocketMeter>();
  private pending = new Map<string, UsageDelta>();

  constructor(@Inject(CLOCK) private readonly clock: Clock) {}

  /** A socket of the tenant connected now; call `closed()` on the result when it disconnects. */
  socketOpened(tenantId: string): SocketMeter {
    const meter = new SocketMeter(tenantId, this.clock.now(), (m) => this.socketClosed(m));
    this.open.add(meter);
    return meter;
  }

  /** Media bytes the tenant's files sent to a client. */
  mediaServed(tenantId: string, bytes: number): void {
    if (bytes > 0) this.deltaOf(tenantId).mediaEgressBytes += bytes;
  }

  /** Everything metered up to now, by tenant, and starts counting afresh (open sockets included). */
  drain(): Map<string, UsageDelta> {
    const now = this.clock.now();
    for (const meter of this.open) this.collect(meter, now);
    const drained = this.pending;
    this.pending = new Map();
    for (const [tenantId, delta] of drained) if (isEmpty(delta)) drained.delete(tenantId);
    return drained;
  }

  /** Gives back deltas a flush could not write, so the next flush carries them. */
  restore(deltas: Map<string, UsageDelta>): void {
    for (const [tenantId, delta] of deltas) {
      const into = this.deltaOf(tenantId);
      into.connectionMs += delta.connectionMs;
      into.socketEgressBytes += delta.socketEgressBytes;
      into.mediaEgressBytes += delta.mediaEgressBytes;
    }
  }

  /** Sockets metered now (for tests and logs). */
  get openSockets(): number {
    return this.open.size;
  }

  private socketClosed(meter: SocketMeter): void {
    if (!this.open.delete(meter)) return;
    this.collect(meter, this.clock.now());
  }

  private collect(meter: SocketMeter, now: number): void {
    const delta = this.deltaOf(meter.tenantId);
    delta.connectionMs += Math.max(0, now - meter.countedUntil);
    delta.socketEgressBytes += meter.bytes;
    meter.countedUntil = now;
    meter.bytes = 0;
  }

  private deltaOf(tenantId: string): UsageDelta {
    let delta = this.pending.get(tenantId);
    if (!delta) this.pending.set(tenantId, (delta = { connectionMs: 0, socketEgressBytes: 0, mediaEgressBytes: 0 }));
    return delta;
  }
}

const isEmpty = (d: UsageDelta) => d.connectionMs === 0 && d.socketEgressBytes === 0 && d.mediaEgressBytes === 0;
