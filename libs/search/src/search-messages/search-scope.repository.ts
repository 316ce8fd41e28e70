import { Injectable } from '@nestjs/common';
import { DataSource, In, IsNull } from 'typeorm';
import { ConversationEntity, PreparedStatement } from '@chat/persistence';

/** Which conversations a search may look into, decided at query time from the write side's tables. */
@Injectable()
export class SearchScope {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * The conversations a user may read that have messages: theirs, then the tenant's public
   * channels but those a ban keeps them out of; each group most recently active first; at most `cap`. Deleted ones never, nor
   * end-to-end encrypted ones (nothing of theirs is indexed; their slots go to searchable ones).
   */
  async visibleConversationIds(tenantId: string, userId: string, cap: number): Promise<string[]> {
    const rows = await VISIBLE_CONVERSATIONS.run(this.dataSource, [tenantId, userId, cap]);
    return rows.map((r) => r.id);
  }

  /** Live conversations by id, for the hits' `conversation`. */
  async conversations(tenantId: string, ids: readonly string[]): Promise<Map<string, ConversationEntity>> {
    if (ids.length === 0) return new Map();
    const rows = await this.dataSource.getRepository(ConversationEntity).findBy({ tenantId, id: In(ids as string[]), deletedAt: IsNull() });
    return new Map(rows.map((c) => [c.id, c]));
  }
}

/** Recent activity = the time of the conversation's last message (one index lookup each on messages_conversation_seq). */
const VISIBLE_CONVERSATIONS = new PreparedStatement<{ id: string }>(
  'search-visible-conversations',
  `WITH visible AS (
         SELECT c.id, c.last_seq, true AS mine
           FROM conversation_members m JOIN conversations c ON c.id = m.conversation_id
          WHERE m.tenant_id = $1 AND m.user_id = $2 AND c.tenant_id = $1 AND c.deleted_at IS NULL AND c.last_seq > 0 AND NOT c.e2ee
         UNION ALL
         SELECT c.id, c.last_seq, false
           FROM conversations c
          WHERE c.tenant_id = $1 AND c.type = 'channel' AND c.visibility = 'public' AND c.deleted_at IS NULL AND c.last_seq > 0
            AND NOT EXISTS (SELECT 1 FROM conversation_members m WHERE m.conversation_id = c.id AND m.user_id = $2)
            AND NOT EXISTS (SELECT 1 FROM conversation_bans b WHERE b.conversation_id = c.id AND b.user_id = $2 AND (b.expires_at IS NULL OR b.expires_at > now())))
   SELECT v.id FROM visible v
    ORDER BY v.mine DESC, (SELECT created_at FROM messages WHERE conversation_id = v.id AND seq = v.last_seq) DESC NULLS LAST, v.id
    LIMIT $3`,
);
