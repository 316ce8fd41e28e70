import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { PublicChannelsResponse } from '@chat/contracts';
import { channelNameKey } from '@chat/domain';
import { toConversation } from '../shared/conversation.mapper';
import { ConversationsRepository } from '../shared/conversations.repository';
import { ListPublicChannelsQuery } from './list-public-channels.query';

/** The cursor is the last name key of the previous page, opaque to clients. */
@QueryHandler(ListPublicChannelsQuery)
export class ListPublicChannelsHandler implements IQueryHandler<ListPublicChannelsQuery> {
  constructor(private readonly conversations: ConversationsRepository) {}

  async execute({ principal, search, limit, cursor }: ListPublicChannelsQuery): Promise<PublicChannelsResponse> {
    const after = cursor ? Buffer.from(cursor, 'base64url').toString('utf8') : null;
    const rows = await this.conversations.publicChannels(principal.tenantId, search ? channelNameKey(search) : null, after, limit + 1);
    const page = rows.slice(0, limit);
    const nextCursor = rows.length > limit ? Buffer.from(page[page.length - 1].nameKey!, 'utf8').toString('base64url') : null;
    return { conversations: page.map(toConversation), nextCursor };
  }
}
