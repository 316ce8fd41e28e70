import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { EventName } from '@chat/contracts';
import { MessageAttachments } from '@chat/media';
import { OutboxWriter, type MessageEntity } from '@chat/persistence';
import { messageEvent } from './message-events';
import { toMessage } from './message.mapper';
import { MessagesRepository } from './messages.repository';

/**
 * Deleting messages, whoever asks (their sender, a moderator, account erasure, the retention
 * policy): in the caller's transaction each row becomes a tombstone (content and reactions gone,
 * seq kept), its uploads are released (revoked and purged once no other message carries them),
 * and its `message.deleted` goes to the outbox, for every projection and screen.
 */
@Injectable()
export class Tombstones {
  constructor(
    private readonly messages: MessagesRepository,
    private readonly outbox: OutboxWriter,
    private readonly attachments: MessageAttachments,
  ) {}

  /** `deletedBy` null: the retention policy. */
  async make(em: EntityManager, rows: readonly MessageEntity[], deletedBy: string | null): Promise<void> {
    const events = [];
    for (const row of rows) {
      const message = toMessage(await this.messages.tombstone(em, row));
      events.push(messageEvent(EventName.MessageDeleted, row.tenantId, row.conversationId, { message, deletedBy }));
    }
    await this.attachments.release(em, rows);
    await this.outbox.append(em, events);
  }
}
