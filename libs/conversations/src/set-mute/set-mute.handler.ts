import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventName, type MuteResponse } from '@chat/contracts';
import { OutboxWriter } from '@chat/persistence';
import { ConversationAccess, notFound } from '../shared/conversation-access';
import { ConversationsRepository } from '../shared/conversations.repository';
import { SetMuteCommand } from './set-mute.command';

/** My mute setting for one conversation; notifiers read it, delivery ignores it. Setting it again is a no-op. */
@CommandHandler(SetMuteCommand)
export class SetMuteHandler implements ICommandHandler<SetMuteCommand> {
  constructor(
    private readonly conversations: ConversationsRepository,
    private readonly access: ConversationAccess,
    private readonly outbox: OutboxWriter,
  ) {}

  async execute({ principal, conversationId, muted }: SetMuteCommand): Promise<MuteResponse> {
    const { tenantId, userId } = principal;
    await this.access.requireMember(tenantId, conversationId, userId);
    return this.conversations.transaction(async (em) => {
      const member = await this.conversations.lockMember(em, tenantId, conversationId, userId);
      if (!member) throw notFound();
      if (member.muted === muted) return { muted };
      await this.conversations.updateMember(em, member, { muted });
      await this.outbox.append(em, [{ name: EventName.MemberMuted, tenantId, aggregateType: 'conversation', aggregateId: conversationId, payload: { conversationId, userId, muted } }]);
      return { muted };
    });
  }
}
