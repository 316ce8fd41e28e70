import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import type { UnreadMentionsResponse } from '@chat/contracts';
import { ConversationAccess } from '@chat/conversations';
import { ADDRESSED_MESSAGES_INDEX, addressedToSql } from '@chat/persistence';
import { APP_CONFIG, ValidationError, type AppConfig } from '@chat/platform';
import { UnreadMentionsQuery } from './unread-mentions.query';

/**
 * The unread messages addressed to me in one conversation, oldest first: those after my read
 * pointer that mention me or answer one of my standing messages, as the list counts them
 * (`unreadMentionCount`), read from ADDRESSED_MESSAGES_INDEX so only messages that mention or
 * answer anyone are visited. My pointer is the write side's, as history's membership is. The next
 * page starts `after` the last seq of the one before: the pointer may have moved meanwhile (a
 * client reports what it shows), which would skip what lies between.
 */
@QueryHandler(UnreadMentionsQuery)
export class UnreadMentionsHandler implements IQueryHandler<UnreadMentionsQuery> {
  constructor(
    private readonly access: ConversationAccess,
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ principal, conversationId, limit: asked, after }: UnreadMentionsQuery): Promise<UnreadMentionsResponse> {
    // As many as a page may hold unless asked for fewer: an entry is two numbers, and a client wants them all.
    const { historyMaxLimit } = this.config.limits;
    const limit = asked ?? historyMaxLimit;
    if (limit < 1 || limit > historyMaxLimit) throw new ValidationError([{ field: 'limit', problem: `must be between 1 and ${historyMaxLimit}` }]);
    await this.access.requireMember(principal.tenantId, conversationId, principal.userId);
    const rows: { id: string; seq: string }[] = await this.dataSource.query(
      `SELECT x.id, x.seq FROM messages x
        WHERE x.conversation_id = $1 AND ${ADDRESSED_MESSAGES_INDEX.where}
          AND x.seq > coalesce($4::bigint, (SELECT last_read_seq FROM conversation_members WHERE conversation_id = $1 AND user_id = $2)) AND ${addressedToSql('x', '$2')}
        ORDER BY x.seq LIMIT $3`,
      [conversationId, principal.userId, limit + 1, after ?? null],
    );
    return { mentions: rows.slice(0, limit).map((r) => ({ messageId: r.id, seq: Number(r.seq) })), hasMore: rows.length > limit };
  }
}
