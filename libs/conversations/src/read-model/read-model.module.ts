import { Module } from '@nestjs/common';
import { ChangeLogProjection } from './change-log.projection';
import { ChangeLogRetention } from './change-log-retention';
import { InboxRetention } from './inbox-retention';
import { ConversationListProjection } from './conversation-list.projection';
import { MessagesSentProjection } from './messages-sent.projection';
import { ReadModelConsumer } from './read-model.consumer';
import { ReadModelRebuild } from './read-model.rebuild';

/**
 * The writer of the query side's read model: the `read-models` consumer group and the rebuild.
 * Runs where projections run (all-in-one, the query app); the readers (GET /v1/conversations,
 * GET /v1/sync) live in ConversationsModule and only need the tables.
 */
@Module({
  providers: [ConversationListProjection, ChangeLogProjection, ChangeLogRetention, InboxRetention, MessagesSentProjection, ReadModelRebuild, ReadModelConsumer],
  exports: [ReadModelRebuild, ReadModelConsumer, ChangeLogRetention, InboxRetention],
})
export class ConversationReadModelModule {}
