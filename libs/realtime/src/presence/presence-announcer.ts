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

/**
 * Broadcasts presence changes, coalesced: within a window only a user's latest status is sent.
 * Each transition reaches here once cluster-wide (the store's compare-and-set picks the node that
 * announces it), so there is no per-node memory of what was sent: another node may have sent the
 * transition in between, and remembering would hide the next one. A frame goes to the rooms of the
 * conversations the user is in (so only people who share a conversation with them get it) and
 * to the user's own devices; rooms are resolved for the whole batch in one query per tenant.
 */
@Injectable()
export class PresenceAnnouncer implements OnModuleDestroy {
  private readonly logger = new Logger(PresenceAnnouncer.name);
  private pending = new Map<string, PresenceChange>();
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly gateway: ChatGateway,
    private readonly conversations: ConversationsRepository,
    private readonly metrics: RealtimeMetrics,
  ) {}

  announce(change: PresenceChange): void {
    if (this.closed) return;
    const key = `${change.tenantId}:${change.userId}`;
    if (this.pending.has(key)) this.metrics.presenceCoalesced.inc();
    this.pending.set(key, change);
    this.timer ??= setTimeout(() => void this.flush().catch((err) => this.logger.warn({ err }, 'Presence flush failed')), PRESENCE_WINDOW_MS);
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

  private async flush(): Promise<void> {
    const gathered = [...this.pending];
    this.pending = new Map();
    this.timer = null;
    const batch = gathered.map(([, change]) => change);
    if (batch.length === 0) return;
    const stop = this.metrics.presenceFlushSeconds.startTimer();
    for (const [tenantId, changes] of groupByTenant(batch)) {
      const roomsOf = await this.conversations.conversationIdsOf(tenantId, changes.map((c) => c.userId));
      for (const c of changes) {
        const rooms = [userRoom(c.userId), ...(roomsOf.get(c.userId) ?? []).map(conversationRoom)];
        this.gateway.server.to(rooms).emit('presence', { userId: c.userId, status: c.status, lastSeenAt: c.lastSeenAt === null ? null : new Date(c.lastSeenAt).toISOString() });
        this.metrics.presenceFrames.inc();
      }
    }
    stop();
  }
}

function groupByTenant(changes: PresenceChange[]): Map<string, PresenceChange[]> {
  const groups = new Map<string, PresenceChange[]>();
  for (const c of changes) groups.set(c.tenantId, [...(groups.get(c.tenantId) ?? []), c]);
  return groups;
}
