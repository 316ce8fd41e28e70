import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Principal } from '@chat/identity';
import { APP_CONFIG, CLOCK, CONNECTION_COUNTER, renewEveryMs, type AppConfig, type Clock, type ConnectionCounter, type ConnectionLease } from '@chat/platform';
import { TenantQuotas } from '@chat/tenancy';
import type { ChatSocket } from '../chat.gateway';

/** A socket admitted but never connected (its client left during the handshake) is let go after this long. */
const NEVER_CONNECTED_MS = 10_000;
/** What a refused handshake is told to wait: places free up only as the tenant's other sockets close. */
const RETRY_AFTER_SECONDS = 30;

/**
 * The tenant connection cap (TENANT_MAX_CONNECTIONS or the tenant's override) at the socket
 * handshake. Every socket takes a place in the CONNECTION_COUNTER shared by all gateways (counted
 * even when unlimited, for GET /v1/tenant/usage) and gives it back when it closes; this node
 * renews its sockets' leases every third of TENANT_CONNECTION_LEASE_SECONDS, so the places of a
 * gateway that crashed free up once their leases lapse. If the count cannot be reached the socket
 * is let in: an outage of the counter must not lock everyone out.
 */
@Injectable()
export class TenantConnections implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(TenantConnections.name);
  private readonly held = new Map<string, { lease: ConnectionLease; socket: ChatSocket; admittedAt: number }>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly quotas: TenantQuotas,
    @Inject(CONNECTION_COUNTER) private readonly counter: ConnectionCounter,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.renew(), renewEveryMs(this.config.quotas.connectionLeaseMs)).unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** Takes a place for the socket (during its handshake), or throws the tenant's refusal. */
  async admit(socket: ChatSocket, { tenantId, userId }: Principal): Promise<void> {
    const { connections: limit } = await this.quotas.limitsOf(tenantId);
    const lease = { tenantId, connectionId: socket.id };
    const now = this.clock.now();
    let taken: boolean;
    try {
      taken = await this.counter.acquire(lease, limit, now, now + this.config.quotas.connectionLeaseMs);
    } catch (err) {
      this.logger.warn({ err, tenantId }, 'Tenant connection count unavailable: socket let in uncounted');
      return;
    }
    if (!taken) {
      this.logger.warn({ event: 'tenant.quota.refused', quota: 'connections', tenantId, userId, limit }, 'Tenant connection limit reached');
      throw this.quotas.refused('connections', limit, RETRY_AFTER_SECONDS);
    }
    this.held.set(socket.id, { lease, socket, admittedAt: now });
    socket.once('disconnect', () => void this.release(socket.id));
  }

  private async release(socketId: string): Promise<void> {
    const entry = this.held.get(socketId);
    if (!entry) return;
    this.held.delete(socketId);
    await this.counter.release(entry.lease).catch((err) => this.logger.warn({ err, tenantId: entry.lease.tenantId }, 'Tenant connection release failed (its lease will lapse)'));
  }

  private async renew(): Promise<void> {
    const now = this.clock.now();
    const live: ConnectionLease[] = [];
    for (const [id, { lease, socket, admittedAt }] of this.held) {
      if (socket.disconnected && now - admittedAt > NEVER_CONNECTED_MS) void this.release(id);
      else live.push(lease);
    }
    await this.counter.renew(live, now, now + this.config.quotas.connectionLeaseMs).catch((err) => this.logger.warn({ err }, 'Tenant connection leases not renewed'));
  }
}
