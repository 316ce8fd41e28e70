import { Inject, Injectable } from '@nestjs/common';
import type { ConversationEntity } from '@chat/persistence';
import { tracksDelivery, visiblePointers, type StoredPointers } from '@chat/domain';
import { APP_CONFIG, type AppConfig } from '@chat/platform';
import { ConversationsRepository } from '../shared/conversations.repository';

/**
 * Every member's read and delivery pointers as members see them (visiblePointers): delivery never
 * below the read pointer, and only the read pointer where the conversation is too big to track
 * delivery (DELIVERY_RECEIPTS_MAX_MEMBERS). For `GET …/reads` and a message's receipts alike.
 */
@Injectable()
export class MemberPointers {
  constructor(
    private readonly conversations: ConversationsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async of(conversation: Pick<ConversationEntity, 'tenantId' | 'id' | 'memberCount'>): Promise<{ deliveryTracked: boolean; pointers: StoredPointers[] }> {
    const deliveryTracked = tracksDelivery(conversation.memberCount, this.config.delivery.maxMembers);
    const stored = await this.conversations.readPointers(conversation.tenantId, conversation.id);
    return { deliveryTracked, pointers: stored.map((p) => visiblePointers(p, deliveryTracked)) };
  }
}
