import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, CLOCK, LoadMonitor, TtlCache, UserRateLimits, type AppConfig, type Clock } from '@chat/platform';
import { ConversationAccess, type Membership } from './conversation-access';
import { ConversationsRepository } from './conversations.repository';

/**
 * Lets a member's pointer acknowledgement (`read` or `delivered`, over the socket or REST) through:
 * refused first while the node sheds load (503, Retry-After), then one of the user's
 * RATE_LIMIT_RECEIPTS_PER_MINUTE, one budget for both kinds, then the membership check. A refusal
 * comes before the lookup every acknowledgement would otherwise cost, so nothing is read or
 * written; clients send their highest seq again after Retry-After (the pointers only move forward,
 * so a later one carries the earlier).
 */
@Injectable()
export class ReceiptAdmission {
  /**
   * Member counts of the conversations people acknowledged delivery in, by "tenant conversation
   * user". Every member's client acknowledges about once a second in a busy conversation, so a
   * room of 50 sends 50 a second, and two queries each for the membership swamped the database
   * (bench `--delivery-acks`). An answer is trusted for DELIVERY_RECEIPTS_MEMBERSHIP_CACHE_MS; a
   * refusal (404, 403) is never kept. A stale answer moves nothing it should not: the pointer
   * writer only updates rows of current members of live conversations.
   */
  private readonly deliveryMembers: TtlCache<number>;

  constructor(
    private readonly load: LoadMonitor,
    private readonly rates: UserRateLimits,
    private readonly access: ConversationAccess,
    private readonly conversations: ConversationsRepository,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(CLOCK) clock: Clock,
  ) {
    const { membershipCacheMs, membershipCacheEntries } = config.delivery;
    this.deliveryMembers = new TtlCache(clock, membershipCacheMs, membershipCacheEntries, async (key) => {
      const [tenantId, conversationId, userId] = key.split(' ');
      // The full check only for a refusal, which it words (404, or 403 for a public channel).
      const count = await this.conversations.memberCountFor(tenantId, conversationId, userId);
      return count ?? (await this.access.requireMember(tenantId, conversationId, userId)).conversation.memberCount;
    });
  }

  /** For a read: the membership as it is now (the read is capped at the conversation's current last seq). */
  async admit(tenantId: string, conversationId: string, userId: string): Promise<Membership> {
    await this.spend(userId);
    return this.access.requireMember(tenantId, conversationId, userId);
  }

  /** For a delivery acknowledgement: the conversation's member count, from a recent enough look-up. */
  async admitDelivery(tenantId: string, conversationId: string, userId: string): Promise<number> {
    await this.spend(userId);
    return this.deliveryMembers.get(`${tenantId} ${conversationId} ${userId}`);
  }

  private async spend(userId: string): Promise<void> {
    this.load.assertServing('receipts');
    await this.rates.spend('receiptsPerMinute', userId);
  }
}
