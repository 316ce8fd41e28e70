import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { ErrorCode } from '@chat/contracts';
import type { Principal } from '@chat/identity';
import {
  APP_CONFIG,
  CLOCK,
  CONNECTION_COUNTER,
  RetryLaterError,
  onlineUsersPool,
  renewEveryMs,
  userConnectionPool,
  type AppConfig,
  type Clock,
  type ConnectionCounter,
  type ConnectionLease,
} from '@chat/platform';
import { TenantQuotas } from '@chat/tenancy';
import type { ChatSocket } from '../chat.gateway';

/** A socket admitted but never connected (its client left during the handshake) is let go after this long. */
const NEVER_CONNECTED_MS = 10_000;
/** What a refused handshake is told to wait: places free up only as the pool's other sockets close. */
const RETRY_AFTER_SECONDS = 30;

/** The account holds USER_MAX_CONNECTIONS sockets already: 429 TOO_MANY_CONNECTIONS at the handshake. */
export class TooManyConnectionsError extends RetryLaterError {
  constructor(limit: number) {
    super(
      ErrorCode.TOO_MANY_CONNECTIONS,
      `This account has ${limit} connections open, the most it may hold at once`,
      RETRY_AFTER_SECONDS,
      'Close the chat in another tab or on another device, then connect again',
    );
  }
}

/**
 * A place a socket holds. A shared one (a person's place among those online) is held by all their
 * sockets, on any node, at once: no socket's close gives it back, since another may still hold it;
 * it lapses once no node renews it.
 */
type HeldLease = ConnectionLease & { shared?: boolean };

/**
 * The connection caps at the socket handshake: first the account's (USER_MAX_CONNECTIONS, so one
 * account's tabs, devices or script cannot hold a gateway's memory, or its tenant's places, to
 * itself), then the tenant's sockets (TENANT_MAX_CONNECTIONS or the tenant's override), then the
 * tenant's people online (TENANT_MAX_ONLINE_USERS or the tenant's override, when set: each person one
 * place, which their second tab shares). Every socket takes a place in each pool of the CONNECTION_COUNTER shared by
 * all gateways (the sockets' counted even when unlimited, for GET /v1/tenant/usage) and gives them
 * back when it closes, except a person's place among those online, which lapses with the lease
 * once none of their sockets on any node renews it: the cap is never exceeded, and a place frees
 * up at most TENANT_CONNECTION_LEASE_SECONDS after its holder left. This node renews its sockets' leases every third of
 * TENANT_CONNECTION_LEASE_SECONDS, so the places of a gateway that crashed free up once their
 * leases lapse. If the count cannot be reached the socket is let in: an outage of the counter must
 * not lock everyone out.
 */
@Injectable()
export class ConnectionCaps implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(ConnectionCaps.name);
  private readonly held = new Map<string, { leases: HeldLease[]; socket: ChatSocket; admittedAt: number }>();
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

  /** Takes the socket's places (during its handshake), or throws the refusal of the first cap it meets. */
  async admit(socket: ChatSocket, { tenantId, userId }: Principal): Promise<void> {
    const userLimit = this.config.limits.userMaxConnections;
    const limits = await this.quotas.limitsOf(tenantId);
    // A tenant quota's cap: its refusal is logged and answered alike for each (TenantQuotas.refused).
    const quotaCap = (quota: 'connections' | 'onlineUsers', lease: HeldLease, message: string) => ({
      lease,
      limit: limits[quota],
      refuse: () => {
        this.logger.warn({ event: 'tenant.quota.refused', quota, tenantId, userId, limit: limits[quota] }, message);
        return this.quotas.refused(quota, limits[quota], RETRY_AFTER_SECONDS);
      },
    });
    const caps: { lease: HeldLease; limit: number; refuse: () => Error }[] = [
      {
        lease: { pool: userConnectionPool(userId), connectionId: socket.id },
        limit: userLimit,
        refuse: () => {
          this.logger.warn({ event: 'user.connections.refused', tenantId, userId, limit: userLimit }, 'Account connection limit reached');
          return new TooManyConnectionsError(userLimit);
        },
      },
      quotaCap('connections', { pool: tenantId, connectionId: socket.id }, 'Tenant connection limit reached'),
      // Last, as no refusal gives a shared place back: taken before a cap that then refused, a
      // person never let in would count as online until the lease lapsed, shutting out others.
      // Counted only when capped: the usage figures count sockets, and a second pool per socket is work for nothing.
      ...(limits.onlineUsers > 0 ? [quotaCap('onlineUsers', { pool: onlineUsersPool(tenantId), connectionId: userId, shared: true }, 'Tenant online users limit reached')] : []),
    ];
    const now = this.clock.now();
    const taken: HeldLease[] = [];
    let refusal: Error | null = null;
    try {
      for (const { lease, limit, refuse } of caps) {
        if (!(await this.counter.acquire(lease, limit, now, now + this.config.quotas.connectionLeaseMs))) {
          refusal = refuse();
          break;
        }
        taken.push(lease);
      }
    } catch (err) {
      this.logger.warn({ err, tenantId, userId }, 'Connection count unavailable: socket let in uncounted');
      await this.giveBack(taken);
      return;
    }
    if (refusal) {
      // The places taken before the refusing cap are given back (none shared: see the caps' order): a refused handshake holds none.
      await this.giveBack(taken);
      throw refusal;
    }
    this.held.set(socket.id, { leases: taken, socket, admittedAt: now });
    socket.once('disconnect', () => void this.release(socket.id));
  }

  private async release(socketId: string): Promise<void> {
    const entry = this.held.get(socketId);
    if (!entry) return;
    this.held.delete(socketId);
    await this.giveBack(entry.leases);
  }

  /** Gives the places back, but for shared ones (see HeldLease), which lapse. */
  private async giveBack(leases: readonly HeldLease[]): Promise<void> {
    const released = leases.filter((lease) => !lease.shared);
    await Promise.all(released.map((lease) => this.counter.release(lease).catch((err) => this.logger.warn({ err, pool: lease.pool }, 'Connection place release failed (its lease will lapse)'))));
  }

  private async renew(): Promise<void> {
    const now = this.clock.now();
    const live: HeldLease[] = [];
    for (const [id, { leases, socket, admittedAt }] of this.held) {
      if (socket.disconnected && now - admittedAt > NEVER_CONNECTED_MS) void this.release(id);
      else live.push(...leases);
    }
    await this.counter.renew(live, now, now + this.config.quotas.connectionLeaseMs).catch((err) => this.logger.warn({ err }, 'Connection leases not renewed'));
  }
}
