import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { PinsResponse } from '@chat/contracts';
import { ConversationAccess } from '@chat/conversations';
import { ListPinsQuery } from './list-pins.query';
import { PinnedMessages } from './pinned-messages';
import { PinsRepository } from './pins.repository';

/** The conversation's pins, the latest first, for its members (the same 404/403 as history). At most PINNED_MESSAGES_MAX: no pages. */
@QueryHandler(ListPinsQuery)
export class ListPinsHandler implements IQueryHandler<ListPinsQuery> {
  constructor(
    private readonly access: ConversationAccess,
    private readonly pins: PinsRepository,
    private readonly pinnedMessages: PinnedMessages,
  ) {}

  async execute({ principal, conversationId }: ListPinsQuery): Promise<PinsResponse> {
    await this.access.requireMember(principal.tenantId, conversationId, principal.userId);
    return { pins: await this.pinnedMessages.of(conversationId, await this.pins.of(conversationId), principal.userId) };
  }
}
