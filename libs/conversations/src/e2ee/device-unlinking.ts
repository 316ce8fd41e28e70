import { Injectable, Logger } from '@nestjs/common';
import { ErrorCode, EventName } from '@chat/contracts';
import { DomainError } from '@chat/domain';
import { SecondFactor, UsersRepository, type Principal } from '@chat/identity';
import { OutboxWriter } from '@chat/persistence';
import { conversationEvent } from '../shared/conversation-events';
import { ConversationsRepository } from '../shared/conversations.repository';
import { E2eeKeysRepository } from './e2ee-keys.repository';

/**
 * Unlinks one of my E2EE devices (seed 003 req. 11.5, 20.4): a lost or retired browser stops
 * taking a place among E2EE_DEVICE_KEYS_MAX and stops being owed an envelope at every rotation.
 * Sensitive like ending another device's login: with two-step login on it needs a code. Every
 * E2EE conversation whose current key that device held needs a new version before the next send,
 * as after a membership change, and its members are told with conversation.updated.
 */
@Injectable()
export class DeviceUnlinking {
  private readonly logger = new Logger(DeviceUnlinking.name);

  constructor(
    private readonly keys: E2eeKeysRepository,
    private readonly conversations: ConversationsRepository,
    private readonly users: UsersRepository,
    private readonly secondFactor: SecondFactor,
    private readonly outbox: OutboxWriter,
  ) {}

  async unlink({ tenantId, userId }: Principal, deviceId: string, mfaCode: string | undefined): Promise<void> {
    const user = await this.users.findById(tenantId, userId);
    if (user) await this.secondFactor.assert(user, mfaCode);
    const rotating = await this.conversations.transaction(async (em) => {
      const flagged = await this.keys.unlinkDevice(em, userId, deviceId);
      if (flagged === null) throw new DomainError(ErrorCode.E2EE_DEVICE_NOT_FOUND, 'None of your E2EE devices has that id', 'See GET /v1/me/devices');
      for (const id of flagged) {
        const conversation = (await this.conversations.find(tenantId, id, em))!;
        await this.outbox.append(em, [conversationEvent(EventName.ConversationUpdated, conversation, await this.conversations.memberIds(tenantId, id, em))]);
      }
      return flagged.length;
    });
    this.logger.log({ event: 'e2ee.device.unlinked', tenantId, userId, deviceId, rotating }, 'E2EE device unlinked');
  }
}
