import type { ConnectionCounter, ConnectionLease } from './connection-counter.port';

/** The single node's count: every socket is on this process, so a Map of leases per pool is the whole truth. */
export class InMemoryConnectionCounter implements ConnectionCounter {
  private readonly pools = new Map<string, Map<string, number>>();

  async acquire({ pool, connectionId }: ConnectionLease, limit: number, nowMs: number, leaseUntilMs: number): Promise<boolean> {
    const leases = this.live(pool, nowMs);
    if (limit > 0 && !leases.has(connectionId) && leases.size >= limit) return false;
    leases.set(connectionId, leaseUntilMs);
    this.pools.set(pool, leases);
    return true;
  }

  async renew(leases: readonly ConnectionLease[], _nowMs: number, leaseUntilMs: number): Promise<void> {
    for (const { pool, connectionId } of leases) {
      const held = this.pools.get(pool) ?? new Map<string, number>();
      held.set(connectionId, leaseUntilMs);
      this.pools.set(pool, held);
    }
  }

  async release({ pool, connectionId }: ConnectionLease): Promise<void> {
    const leases = this.pools.get(pool);
    leases?.delete(connectionId);
    if (leases?.size === 0) this.pools.delete(pool);
  }

  async count(pool: string, nowMs: number): Promise<number> {
    return this.live(pool, nowMs).size;
  }

  private live(pool: string, nowMs: number): Map<string, number> {
    const leases = this.pools.get(pool) ?? new Map<string, number>();
    for (const [id, until] of leases) if (until <= nowMs) leases.delete(id);
    return leases;
  }
}
