import { Injectable } from '@nestjs/common';
import { UserRateLimits } from '@chat/platform';
import { ConversationAccess, type Membership } from './conversation-access';

/**
 * Lets a member's pointer acknowledgement (`read` or `delivered`, over the socket or REST) through:
 * one of the user's RATE_LIMIT_RECEIPTS_PER_MINUTE first, one budget for both kinds, then the
 * membership check. Past the budget RateLimitedError is thrown before the lookup every
 * acknowledgement would otherwise cost, so nothing is read or written; clients send their highest
 * seq again after Retry-After (the pointers only move forward, so a later one carries the earlier).
 */
@Injectable()
export class ReceiptAdmission {
  constructor(
    private readonly rates: UserRateLimits,
    private readonly access: ConversationAccess,
  ) {}

  async admit(tenantId: string, conversationId: string, userId: string): Promise<Membership> {
    await this.rates.spend('receiptsPerMinute', userId);
    return this.access.requireMember(tenantId, conversationId, userId);
  }
}
