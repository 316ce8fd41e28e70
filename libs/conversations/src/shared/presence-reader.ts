import { Inject, Injectable } from '@nestjs/common';
import type { PresenceStatus } from '@chat/contracts';
import { presenceStatus } from '@chat/domain';
import { APP_CONFIG, CLOCK, PRESENCE_STORE, type AppConfig, type Clock, type PresenceStore } from '@chat/platform';

export interface MemberPresence {
  status: PresenceStatus;
  /** ISO-8601; null when the user was never seen. */
  lastSeenAt: string | null;
}

/**
 * Presence as the shared presence store holds it (memory in one process, Redis when split), so
 * any app that serves conversation details — the query app included — reports the same status
 * the gateways announce. Users the store does not know are offline.
 */
@Injectable()
export class PresenceReader {
  constructor(
    @Inject(PRESENCE_STORE) private readonly store: PresenceStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async presenceOf(tenantId: string, userIds: readonly string[]): Promise<Map<string, MemberPresence>> {
    const now = this.clock.now();
    const records = await this.store.read(userIds.map((userId) => ({ tenantId, userId })), now);
    return new Map(
      records.map((r) => [r.userId, { status: presenceStatus(r, now, this.config.presence.awayAfterMs), lastSeenAt: r.lastSeenAt === null ? null : new Date(r.lastSeenAt).toISOString() }]),
    );
  }
}
