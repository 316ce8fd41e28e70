import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { assertMayContact, blockablePeer } from '@chat/domain';
import { UserBlocksRepository } from '@chat/identity';

/**
 * The block rule for what one person puts before the other in their direct conversation (a send
 * the append statement refused, a reaction, an edit): refused with CONTACT_BLOCKED, the same words
 * whichever side blocked, while a `user_blocks` row stands either way between the two. Any other
 * conversation type is let through without a lookup; a direct one costs one query (two key probes).
 */
@Injectable()
export class DirectContact {
  constructor(private readonly blocks: UserBlocksRepository) {}

  async assertOpen(tenantId: string, userId: string, conversation: { type: string; directKey: string | null }, em?: EntityManager): Promise<void> {
    const peer = blockablePeer(conversation, userId);
    if (peer) assertMayContact(await this.blocks.between(tenantId, userId, [peer], em), userId, [peer]);
  }
}
