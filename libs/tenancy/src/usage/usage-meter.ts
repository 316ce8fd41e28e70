import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '@chat/platform';

/** What one tenant used since the last flush. */
export interface UsageDelta {
  connectionMs: number;
  socketEgressBytes: number;
  mediaEgressBytes: number;
}

/**
 * The open sockets of one tenant on this node, counted together: one object per tenant, not per
 * socket, so an idle connection costs the meter nothing. The gateway adds every packet it writes
 * to any of them with `sent` (a number added to a field: the send path pays nothing more); the
 * meter collects the bytes and `open` × the time since the last collection at each flush, and
 * whenever a socket of the tenant opens or closes.
 */
export class TenantSockets {
  /** Sockets of the tenant open now. */
  open = 0;
  /** Bytes written to them since the last collection. */
  bytes = 0;

  constructor(
    readonly tenantId: string,
    /** Up to when their connection time has been counted (epoch ms). */
    public countedUntil: number,
  ) {}

  sent(bytes: number): void {
    this.bytes += bytes;
  }
}

/**
 * Per-tenant usage of this node, in memory, until the flusher takes it (`drain`) and adds it to
 * `tenant_usage_daily`. Nothing here touches the database or awaits: the socket and media paths
 * only add numbers. Time comes from CLOCK, so a test can move it.
 */
@Injectable()
export class UsageMeter {
  /** Tenants with open sockets; a tenant leaves when its last socket closes. */
  private readonly sockets = new Map<string, TenantSockets>();
  private pending = new Map<string, UsageDelta>();

  constructor(@Inject(CLOCK) private readonly clock: Clock) {}

  /**
   * A socket of the tenant connected now. Returns the tenant's counter, to add the socket's bytes
   * to; hand it to `socketClosed` exactly once when the socket disconnects.
   */
  socketOpened(tenantId: string): TenantSockets {
    const now = this.clock.now();
    let tenant = this.sockets.get(tenantId);
    if (tenant) this.collect(tenant, now);
    else this.sockets.set(tenantId, (tenant = new TenantSockets(tenantId, now)));
    tenant.open += 1;
    return tenant;
  }

  /** One of the tenant's sockets disconnected now: its time up to now is kept for the next drain. */
  socketClosed(tenant: TenantSockets): void {
    this.collect(tenant, this.clock.now());
    tenant.open -= 1;
    if (tenant.open === 0) this.sockets.delete(tenant.tenantId);
  }

  /** Media bytes the tenant's files sent to a client. */
  mediaServed(tenantId: string, bytes: number): void {
    if (bytes > 0) this.deltaOf(tenantId).mediaEgressBytes += bytes;
  }

  /** Everything metered up to now, by tenant, and starts counting afresh (open sockets included). */
  drain(): Map<string, UsageDelta> {
    const now = this.clock.now();
    for (const tenant of this.sockets.values()) this.collect(tenant, now);
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
    let open = 0;
    for (const tenant of this.sockets.values()) open += tenant.open;
    return open;
  }

  private collect(tenant: TenantSockets, now: number): void {
    const delta = this.deltaOf(tenant.tenantId);
    delta.connectionMs += tenant.open * Math.max(0, now - tenant.countedUntil);
    delta.socketEgressBytes += tenant.bytes;
    tenant.countedUntil = now;
    tenant.bytes = 0;
  }

  private deltaOf(tenantId: string): UsageDelta {
    let delta = this.pending.get(tenantId);
    if (!delta) this.pending.set(tenantId, (delta = { connectionMs: 0, socketEgressBytes: 0, mediaEgressBytes: 0 }));
    return delta;
  }
}

const isEmpty = (d: UsageDelta) => d.connectionMs === 0 && d.socketEgressBytes === 0 && d.mediaEgressBytes === 0;
