import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { presenceStatus } from '@chat/domain';
import type { Principal } from '@chat/identity';
import { APP_CONFIG, CLOCK, PRESENCE_STORE, every, type AppConfig, type Clock, type PresenceKey, type PresenceRecord, type PresenceStore } from '@chat/platform';
import { RealtimeMetrics } from '../realtime-metrics';
import { PresenceAnnouncer } from './presence-announcer';
import { LocalConnections, type PresenceConnection } from './local-connections';

/** How often this node looks for lapsed leases and idle users (each handed to one node only). */
export const PRESENCE_SWEEP_MS = 250;
/** Activity is recorded at most this often per user and node; going idle is judged in minutes. */
const ACTIVITY_RESOLUTION_MS = 1_000;

/**
 * Presence of users across devices and nodes: online while any of their connections holds a
 * lease (one each, see EphemeralGateway). State lives in the PresenceStore; this service
 * turns socket lifecycle and client signals into store calls, derives the status (domain rule
 * `presenceStatus`), and when it differs from the one last announced, wins the store's
 * compare-and-set and hands the change to the announcer. Time comes from the injected clock.
 */
@Injectable()
export class PresenceService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(PresenceService.name);
  private readonly lastMarked = new Map<string, number>();
  private readonly local = new LocalConnections();
  private stopSweeping: (() => Promise<void>) | null = null;

  constructor(
    @Inject(PRESENCE_STORE) private readonly store: PresenceStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly announcer: PresenceAnnouncer,
    private readonly metrics: RealtimeMetrics,
  ) {}

  onModuleInit(): void {
    this.stopSweeping = every(PRESENCE_SWEEP_MS, 'PresenceSweep', () => this.sweep());
  }

  async onModuleDestroy(): Promise<void> {
    await this.stopSweeping?.();
  }

  /** During the handshake: the connection's lease is open before the client sees itself connected. */
  async connected(p: Principal, leaseId: string): Promise<void> {
    const now = this.clock.now();
    await this.call('touch', () => this.store.touch(key(p), leaseId, now, now + this.config.presence.leaseMs));
    await this.settle(await this.markActive(p, now, true));
  }

  /** Once connected: the leases its device's dropped connections left on this node end, the new one holding the user now. */
  async opened(p: Principal, connection: PresenceConnection): Promise<void> {
    let record: PresenceRecord | null = null;
    for (const stale of this.local.opened(p, connection)) record = await this.call('drop', () => this.store.drop(key(p), stale, this.clock.now()));
    await this.settle(record);
  }

  async heartbeat(p: Principal, leaseId: string): Promise<void> {
    const now = this.clock.now();
    await this.settle(await this.call('touch', () => this.store.touch(key(p), leaseId, now, now + this.config.presence.leaseMs)));
  }

  /** Any client event but a heartbeat: the person is there. */
  async active(p: Principal): Promise<void> {
    const record = await this.markActive(p, this.clock.now(), false);
    if (record) await this.settle(record);
  }

  async setStatus(p: Principal, status: 'online' | 'away'): Promise<void> {
    const now = this.clock.now();
    await this.call('setAway', () => this.store.setAway(key(p), status === 'away', now));
    await this.settle(status === 'online' ? await this.markActive(p, now, true) : (await this.store.read([key(p)], now))[0]);
  }

  /**
   * A clean disconnect (the client closed the socket) ends its lease at once; anything else
   * (network loss, a node going down) leaves the lease to lapse, so a quick reconnect is no flap,
   * unless the user holds another connection here or its device comes back (LocalConnections).
   */
  async disconnected(p: Principal, connection: PresenceConnection, clean: boolean): Promise<void> {
    if (!this.local.closed(p, connection, clean)) return;
    await this.settle(await this.call('drop', () => this.store.drop(key(p), connection.leaseId, this.clock.now())));
  }

  /** Lapsed leases and users gone idle, claimed in batches so each is settled by one node. */
  async sweep(): Promise<void> {
    for (;;) {
      const now = this.clock.now();
      const due = await this.call('claimDue', () => this.store.claimDue(now, 500));
      if (due.length === 0) return;
      for (const record of await this.store.read(due, now)) await this.settle(record);
    }
  }

  private async markActive(p: Principal, now: number, force: boolean): Promise<PresenceRecord | null> {
    const userKey = `${p.tenantId}:${p.userId}`;
    if (!force && now - (this.lastMarked.get(userKey) ?? -Infinity) < ACTIVITY_RESOLUTION_MS) return null;
    if (this.lastMarked.size > 100_000) this.lastMarked.clear(); // only a throttle: forgetting costs one extra write
    this.lastMarked.set(userKey, now);
    return this.call('markActive', () => this.store.markActive(key(p), now, now + this.config.presence.awayAfterMs));
  }

  /** Announces the derived status if it changed; a lost compare-and-set means another node moved first, so look again. */
  private async settle(record: PresenceRecord | null): Promise<void> {
    for (let attempt = 0; record && attempt < 3; attempt++) {
      const now = this.clock.now();
      const status = this.statusOf(record, now);
      if (status === record.announced) return;
      if (await this.call('announce', () => this.store.announce(record!, record!.announced, status))) {
        this.metrics.presenceTransitions.inc({ status });
        this.announcer.announce({ tenantId: record.tenantId, userId: record.userId, status, lastSeenAt: record.lastSeenAt });
        return;
      }
      [record] = await this.store.read([record], now);
    }
    if (record) this.logger.warn({ userId: record.userId }, 'Presence kept changing under us; the next sweep settles it');
  }

  private statusOf(record: PresenceRecord, now: number) {
    return presenceStatus(record, now, this.config.presence.awayAfterMs);
  }

  private call<T>(op: string, work: () => Promise<T>): Promise<T> {
    this.metrics.presenceStoreOps.inc({ op });
    return work();
  }
}

const key = (p: Principal): PresenceKey => ({ tenantId: p.tenantId, userId: p.userId });
