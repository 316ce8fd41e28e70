import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { PresenceStatus } from '@chat/contracts';
import { ConversationsRepository } from '@chat/conversations';
import { ChatGateway } from '../chat.gateway';
import { RealtimeMetrics } from '../realtime-metrics';
import { conversationRoom, userRoom } from '../rooms';

export interface PresenceChange {
  tenantId: string;
  userId: string;
  status: PresenceStatus;
  lastSeenAt: number | null;
}

/** Changes gathered this long are sent together: a reconnect storm costs one frame per user, not one per flap. */
export const PRESENCE_WINDOW_MS = 250;
/** A batch whose rooms could not be looked up is tried again after twice the window, then twice that, up to this. */
export const PRESENCE_RETRY_MAX_MS = 10_000;

/**
 * Broadcasts presence changes, coalesced: within a window only a user's latest status is sent.
 * Each transition reaches here once cluster-wide (the store's compare-and-set picks the node that
 * announces it), so there is no per-node memory of what was sent: another node may have sent the
 * transition in between, and remembering would hide the next one. A frame goes to the rooms of the
 * conversations the user is in (so only people who share a conversation with them get it) and
 * to the user's own devices; rooms are resolved for the whole batch in one query per tenant.
 * A tenant's changes whose lookup failed are kept and tried again with backoff, unless a newer
 * change of that user came meanwhile: the store already records the status as announced, so
 * nothing else would ever send it (a user left online for good).
 */
@Injectable()
export class PresenceAnnouncer implements OnModuleDestroy {
  private readonly logger = new Logger(PresenceAnnouncer.name);
  private pending = new Map<string, PresenceChange>();
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  /** Flushes in a row that left changes to try again: the backoff's exponent. */
  private failedFlushes = 0;

  constructor(
    private readonly gateway: ChatGateway,
    private readonly conversations: ConversationsRepository,
    private readonly metrics: RealtimeMetrics,
  ) {}

  announce(change: PresenceChange): void {
    if (this.closed) return;
    const key = keyOf(change);
    if (this.pending.has(key)) this.metrics.presenceCoalesced.inc();
    this.pending.set(key, change);
    this.timer ??= this.flushAfter(PRESENCE_WINDOW_MS);
  }

  /**
   * Nest closes the sockets after this, and a client leaving then still announces: no flush is
   * scheduled from here on, as it would query a database pool that is closing (the sockets it would
   * reach are closing too).
   */
  onModuleDestroy(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
  }

  private flushAfter(delayMs: number): NodeJS.Timeout {
    return setTimeout(() => void this.flush().catch((err) => this.logger.warn({ err }, 'Presence flush failed')), delayMs);
  }

  private async flush(): Promise<void> {
    const batch = [...this.pending.values()];
    this.pending = new Map();
    this.timer = null;
    if (batch.length === 0) return;
    const stop = this.metrics.presenceFlushSeconds.startTimer();
    let failed = false;
    for (const [tenantId, changes] of groupByTenant(batch)) {
      try {
        await this.send(tenantId, changes);
      } catch (err) {
        failed = true;
        this.logger.warn({ err, tenantId, users: changes.length }, 'Presence changes could not be sent; trying again');
        for (const c of changes) if (!this.pending.has(keyOf(c))) this.pending.set(keyOf(c), c);
      }
    }
    stop();
    this.failedFlushes = failed ? this.failedFlushes + 1 : 0;
    if (!failed || this.closed) return;
    // Changes announced meanwhile wait for the retry too: their lookup would fail as well.
    if (this.timer) clearTimeout(this.timer);
    this.timer = this.flushAfter(Math.min(PRESENCE_WINDOW_MS * 2 ** this.failedFlushes, PRESENCE_RETRY_MAX_MS));
  }

  private async send(tenantId: string, changes: PresenceChange[]): Promise<void> {
    const roomsOf = await this.conversations.conversationIdsOf(tenantId, changes.map((c) => c.userId));
    for (const c of changes) {
      const rooms = [userRoom(c.userId), ...(roomsOf.get(c.userId) ?? []).map(conversationRoom)];
      this.gateway.server.to(rooms).emit('presence', { userId: c.userId, status: c.status, lastSeenAt: c.lastSeenAt === null ? null : new Date(c.lastSeenAt).toISOString() });
      this.metrics.presenceFrames.inc();
    }
  }
}

const keyOf = (change: PresenceChange) => `${change.tenantId}:${change.userId}`;

function groupByTenant(changes: PresenceChange[]): Map<string, PresenceChange[]> {
  const groups = new Map<string, PresenceChange[]>();
  for (const c of changes) groups.set(c.tenantId, [...(groups.get(c.tenantId) ?? []), c]);
  return groups;
}
