import { Injectable } from '@nestjs/common';
import { mayContact } from '@chat/domain';
import { UserBlocksRepository } from '@chat/identity';
import { UserRateLimits, type TypingKey } from '@chat/platform';

/**
 * Whether a client's typing start is let through, before TypingService keeps or sends anything.
 * Each start spends one of the user's RATE_LIMIT_TYPING_PER_MINUTE first; past it, RateLimitedError
 * (a client toggling as fast as it can would otherwise have every member of the room sent a frame
 * each time). Then, in a direct conversation whose two people are on either side of a block, the
 * start is not let through, and the caller answers it as usual: neither side learns of the block from
 * typing, as with a blocked contact's indicator in the messaging apps people know (a message, which
 * someone waits an answer to, is refused with CONTACT_BLOCKED instead). Only direct conversations
 * read blocks (one lookup of two key probes per start let through by the budget, and `unblocked` once
 * more when the start shows someone anew: see TypingService.typing); see TypingPeers.
 */
@Injectable()
export class TypingAdmission {
  constructor(
    private readonly rates: UserRateLimits,
    private readonly blocks: UserBlocksRepository,
  ) {}

  /** `peer`: the other person of a direct conversation, null in a group or channel (TypingPeers). */
  async admits(key: TypingKey, userId: string, peer: string | null): Promise<boolean> {
    await this.rates.spend('typingPerMinute', userId);
    return this.unblocked(key, userId, peer);
  }

  /** Whether no block stands between the two people now (a fresh read of `user_blocks`, never cached). */
  async unblocked(key: TypingKey, userId: string, peer: string | null): Promise<boolean> {
    return !peer || mayContact(await this.blocks.between(key.tenantId, userId, [peer]), userId, peer);
  }
}
