import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { EventName } from '@chat/contracts';
import { OutboxWriter } from '@chat/persistence';
import { conversationEvent } from '../shared/conversation-events';
import { ConversationsRepository } from '../shared/conversations.repository';
import { E2eeKeysRepository, type UnlinkedDevice } from './e2ee-keys.repository';

/**
 * Takes a device key out of use, in the caller's transaction: the key and every envelope made for
 * it go, and each E2EE conversation whose current key it held needs a new version before the next
 * send, as after a membership change; members are told with conversation.updated. Unlinking a
 * device does this, and so does registering a different key under its id (the old key's holder
 * must not read what follows, and the new key must be owed envelopes the old one's do not cover).
 */
@Injectable()
export class DeviceRetirement {
  constructor(
    private readonly keys: E2eeKeysRepository,
    private readonly conversations: ConversationsRepository,
    private readonly outbox: OutboxWriter,
  ) {}

  /** What retiring changed; null when the user has no device with that id. */
  async retire(em: EntityManager, tenantId: string, userId: string, deviceId: string): Promise<UnlinkedDevice | null> {
    const unlinked = await this.keys.unlinkDevice(em, userId, deviceId);
    if (unlinked === null) return null;
    for (const id of unlinked.rotating) {
      const conversation = (await this.conversations.find(tenantId, id, em))!;
      await this.outbox.append(em, [conversationEvent(EventName.ConversationUpdated, conversation, await this.conversations.memberIds(tenantId, id, em))]);
    }
    return unlinked;
  }
}
