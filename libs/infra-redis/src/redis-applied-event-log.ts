import type { AppliedEventLog } from '@chat/platform';
import type { RedisClient } from './redis-client';

/**
 * Applied event ids per consumer group, shared by every member of the group: when a rebalance
 * moves a partition to another node, that node skips what the previous owner already applied.
 * Ids expire after APPLIED_EVENT_TTL_SECONDS; redeliveries come minutes after, not days.
 */
export class RedisAppliedEventLog implements AppliedEventLog {
  constructor(
    private readonly redis: RedisClient,
    private readonly ttlSeconds: number,
  ) {}

  async wasApplied(group: string, eventId: string): Promise<boolean> {
    return (await this.redis.exists(this.key(group, eventId))) === 1;
  }

  async markApplied(group: string, eventId: string): Promise<void> {
    await this.redis.set(this.key(group, eventId), '1', 'EX', this.ttlSeconds);
  }

  private key(group: string, eventId: string): string {
    return `applied:${group}:${eventId}`;
  }
}
