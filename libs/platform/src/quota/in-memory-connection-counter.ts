import type { ConnectionCounter, ConnectionLease } from './connection-counter.port';

/** The single node's count: every socket is on this process, so a Map of leases per tenant is the whole truth. */
export class InMemoryConnectionCounter implements ConnectionCounter {
  private readonly tenants = new Map<string, Map<string, number>>();

  async acquire({ tenantId, connectionId }: ConnectionLease, limit: number, nowMs: number, leaseUntilMs: number): Promise<boolean> {
    const leases = this.live(tenantId, nowMs);
    if (limit > 0 && !leases.has(connectionId) && leases.size >= limit) return false;
    leases.set(connectionId, leaseUntilMs);
    this.tenants.set(tenantId, leases);
    return true;
  }

  async renew(leases: readonly ConnectionLease[], _nowMs: number, leaseUntilMs: number): Promise<void> {
    for (const { tenantId, connectionId } of leases) {
      const held = this.tenants.get(tenantId) ?? new Map<string, number>();
      held.set(connectionId, leaseUntilMs);
      this.tenants.set(tenantId, held);
    }
  }

  async release({ tenantId, connectionId }: ConnectionLease): Promise<void> {
    const leases = this.tenants.get(tenantId);
    leases?.delete(connectionId);
    if (leases?.size === 0) this.tenants.delete(tenantId);
  }

  async count(tenantId: string, nowMs: number): Promise<number> {
    return this.live(tenantId, nowMs).size;
  }

  private live(tenantId: string, nowMs: number): Map<string, number> {
    const leases = this.tenants.get(tenantId) ?? new Map<string, number>();
    for (const [id, until] of leases) if (until <= nowMs) leases.delete(id);
    return leases;
  }
}
