import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventName, type ReadResponse } from '@chat/contracts';
import { nextReadPointer } from '@chat/domain';
import { OutboxWriter } from '@chat/persistence';
import { notFound } from '../shared/conversation-access';
import { ConversationsRepository } from '../shared/conversations.repository';
import { ReceiptAdmission } from '../shared/receipt-admission';
import { MarkReadCommand } from './mark-read.command';

/**
 * Moves my read pointer forward (never back, never past the last message) and announces it to the
 * conversation; refused while the node sheds load, then spends one of my RATE_LIMIT_RECEIPTS_PER_MINUTE
 * (ReceiptAdmission).
 */
@CommandHandler(MarkReadCommand)
export class MarkReadHandler implements ICommandHandler<MarkReadCommand> {
  constructor(
    private readonly conversations: ConversationsRepository,
    private readonly admission: ReceiptAdmission,
    private readonly outbox: OutboxWriter,
  ) {}

  async execute({ principal, conversationId, seq }: MarkReadCommand): Promise<ReadResponse> {
    const { tenantId, userId } = principal;
    // Read after the messages the caller saw were committed, so lastSeq covers them.
    const { conversation } = await this.admission.admit(tenantId, conversationId, userId);
    return this.conversations.transaction(async (em) => {
      const member = await this.conversations.lockMember(em, tenantId, conversationId, userId);
      if (!member) throw notFound(); // removed in between
      const next = nextReadPointer(member.lastReadSeq, seq, conversation.lastSeq);
      if (next === null) return { lastReadSeq: member.lastReadSeq };
      await this.conversations.updateMember(em, member, { lastReadSeq: next });
      await this.outbox.append(em, [{ name: EventName.ReadAdvanced, tenantId, aggregateType: 'conversation', aggregateId: conversationId, payload: { conversationId, userId, seq: next } }]);
      return { lastReadSeq: next };
    });
  }
}
