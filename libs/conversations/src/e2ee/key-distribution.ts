import { Inject, Injectable } from '@nestjs/common';
import { ErrorCode, EventName, type DistributeKeyRequest, type E2eeDevicesResponse, type MyKeyEnvelopesResponse } from '@chat/contracts';
import { DomainError, publicJwk } from '@chat/domain';
import type { Principal } from '@chat/identity';
import { OutboxWriter, type ConversationEntity } from '@chat/persistence';
import { APP_CONFIG, UserRateLimits, type AppConfig } from '@chat/platform';
import { ConversationAccess } from '../shared/conversation-access';
import { conversationEvent } from '../shared/conversation-events';
import { ConversationsRepository } from '../shared/conversations.repository';
import { E2eeKeysRepository, deviceRef } from './e2ee-keys.repository';
import { assertWrappedKeys } from './wrapped-key-rules';

export const notEncrypted = () => new DomainError(ErrorCode.E2EE_NOT_ENABLED, 'This conversation is not end-to-end encrypted', 'Key distribution is only for conversations created with e2ee: true');

/**
 * Conversation keys, as envelopes only members' devices can open. Distribution runs under the
 * conversation row lock, which membership changes and sends take too, so the set of devices a
 * version must cover cannot change while it is checked, and key versions only move forward.
 */
@Injectable()
export class KeyDistribution {
  constructor(
    private readonly conversations: ConversationsRepository,
    private readonly access: ConversationAccess,
    private readonly keys: E2eeKeysRepository,
    private readonly outbox: OutboxWriter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly rates: UserRateLimits,
  ) {}

  async devices({ tenantId, userId }: Principal, conversationId: string): Promise<E2eeDevicesResponse> {
    const { conversation } = await this.access.requireMember(tenantId, conversationId, userId);
    if (!conversation.e2ee) throw notEncrypted();
    const devices = await this.keys.memberDevices(conversation.id);
    return {
      ...state(conversation),
      devices: devices.map((d) => ({ userId: d.userId, deviceId: d.deviceId, publicKey: publicJwk(d.publicKey), createdAt: d.createdAt.toISOString() })),
    };
  }

  async distribute({ tenantId, userId }: Principal, conversationId: string, input: DistributeKeyRequest): Promise<E2eeDevicesResponse> {
    // Each rotation stores a wrapped key per member device and makes every other member's pending send stale.
    await this.rates.spend('keyDistributionsPerMinute', userId);
    assertWrappedKeys(input.envelopes, this.config.e2ee.envelopeMaxChars);
    if (!(await this.keys.deviceKey(userId, input.senderDeviceId))) {
      throw new DomainError(ErrorCode.E2EE_DEVICE_KEY_MISSING, 'senderDeviceId is not one of your registered devices', 'Register it with PUT /v1/me/devices/:deviceId/e2ee-key');
    }
    await this.conversations.transaction(async (em) => {
      const { conversation } = await this.access.lockAsMember(em, tenantId, conversationId, userId);
      if (!conversation.e2ee) throw notEncrypted();
      const rotating = input.keyVersion === conversation.e2eeKeyVersion + 1;
      const toppingUp = input.keyVersion === conversation.e2eeKeyVersion && conversation.e2eeKeyVersion > 0;
      if (!rotating && !toppingUp) {
        throw new DomainError(ErrorCode.E2EE_KEY_VERSION_STALE, `Key version ${input.keyVersion} cannot be distributed: the current one is ${conversation.e2eeKeyVersion}`, `Rotate to ${conversation.e2eeKeyVersion + 1}`);
      }
      if (toppingUp && conversation.e2eeRotationRequired) {
        throw new DomainError(ErrorCode.E2EE_ROTATION_REQUIRED, 'Membership changed since this key was made', `Distribute version ${conversation.e2eeKeyVersion + 1} instead`);
      }
      const devices = await this.keys.memberDevices(conversation.id, em);
      const required = new Set(devices.map((d) => deviceRef(d.userId, d.deviceId)));
      const strangers = input.envelopes.filter((e) => !required.has(deviceRef(e.recipientUserId, e.recipientDeviceId)));
      if (strangers.length) throw incomplete(`${strangers.length} envelope(s) name devices that are not current members' registered devices`);
      const members = await this.conversations.memberIds(tenantId, conversation.id, em);
      const withoutDevice = members.filter((m) => !devices.some((d) => d.userId === m));
      if (withoutDevice.length) throw incomplete(`Members without a registered device key: ${withoutDevice.join(', ')}`);
      const given = new Set(input.envelopes.map((e) => deviceRef(e.recipientUserId, e.recipientDeviceId)));
      const holders = rotating ? new Set<string>() : await this.keys.envelopeHolders(em, conversation.id, input.keyVersion);
      const missing = [...required].filter((ref) => !given.has(ref) && !holders.has(ref));
      if (missing.length) throw incomplete(`Envelopes are missing for ${missing.length} member device(s): ${missing.join(', ')}`);
      await this.keys.insertEnvelopes(
        em,
        input.envelopes.map((e) => ({
          conversationId: conversation.id,
          keyVersion: input.keyVersion,
          recipientUserId: e.recipientUserId,
          recipientDeviceId: e.recipientDeviceId,
          tenantId,
          senderUserId: userId,
          senderDeviceId: input.senderDeviceId,
          ephemeralPublicKey: publicJwk(e.ephemeralPublicKey),
          iv: e.iv,
          wrappedKey: e.wrappedKey,
        })),
      );
      if (rotating) {
        await em.query(`UPDATE conversations SET e2ee_key_version = $2, e2ee_rotation_required = false, updated_at = now() WHERE id = $1`, [conversation.id, input.keyVersion]);
        // conversation.updated tells members' clients to fetch the new key before they need it.
        const rotated = (await this.conversations.find(tenantId, conversation.id, em))!;
        await this.outbox.append(em, [conversationEvent(EventName.ConversationUpdated, rotated, members)]);
      }
    });
    return this.devices({ tenantId, userId } as Principal, conversationId);
  }

  /** A device's own envelopes: versions made after it (or its user) joined only, so no history before that. */
  async envelopesFor({ tenantId, userId }: Principal, conversationId: string, deviceId: string): Promise<MyKeyEnvelopesResponse> {
    const { conversation } = await this.access.requireMember(tenantId, conversationId, userId);
    if (!conversation.e2ee) throw notEncrypted();
    const rows = await this.keys.envelopesFor(conversation.id, userId, deviceId);
    return {
      ...state(conversation),
      envelopes: rows.map((r) => ({
        keyVersion: r.keyVersion,
        recipientUserId: r.recipientUserId,
        recipientDeviceId: r.recipientDeviceId,
        senderUserId: r.senderUserId,
        senderDeviceId: r.senderDeviceId,
        ephemeralPublicKey: r.ephemeralPublicKey,
        iv: r.iv,
        wrappedKey: r.wrappedKey,
        createdAt: r.createdAt.toISOString(),
      })),
    };
  }
}

const state = (c: ConversationEntity) => ({ keyVersion: c.e2eeKeyVersion, rotationRequired: c.e2eeRotationRequired });
const incomplete = (message: string) => new DomainError(ErrorCode.E2EE_ENVELOPES_INCOMPLETE, message, 'Fetch GET /v1/conversations/:id/e2ee/devices and wrap the key for every device listed');
