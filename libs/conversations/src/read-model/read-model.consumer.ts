import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { PreparedStatement } from '@chat/persistence';
import type { EventEnvelope } from '@chat/contracts';
import { EVENT_BUS, type EventBus } from '@chat/platform';
import { ChangeLogProjection } from './change-log.projection';
import { ConversationListProjection } from './conversation-list.projection';
import { MessagesSentProjection } from './messages-sent.projection';
import { ReadModelRebuild, lockTenantReadModel } from './read-model.rebuild';

/** The query side's consumer group: one per deployment, whichever processes run it. */
export const READ_MODEL_GROUP = 'read-models';

/**
 * Applies each event to the read model exactly once, a whole batch in one transaction (one commit
 * however many events the relay or the broker handed over): it takes the projection lock of every
 * tenant in the batch, records the event ids in `rm_inbox` (ids already there are redeliveries and
 * are skipped), and runs both projections over the new events in order. A failure rolls all of it
 * back and the bus delivers again. A batch of only `message.sent` events, the common case, takes
 * one statement instead (MessagesSentProjection) unless another writer holds a tenant's lock.
 */
@Injectable()
export class ReadModelConsumer implements OnModuleInit {
  constructor(
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    private readonly dataSource: DataSource,
    private readonly list: ConversationListProjection,
    private readonly changeLog: ChangeLogProjection,
    private readonly rebuild: ReadModelRebuild,
    private readonly messagesSent: MessagesSentProjection,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.rebuild.ensureCurrent();
    this.bus.subscribe(READ_MODEL_GROUP, (events) => this.apply(events));
  }

  async apply(events: readonly EventEnvelope[]): Promise<void> {
    if (MessagesSentProjection.handles(events) && (await this.messagesSent.apply(READ_MODEL_GROUP, events))) return;
    await this.dataSource.transaction(async (em) => {
      // Sorted, so two batches spanning the same tenants never wait on each other crosswise.
      for (const tenantId of [...new Set(events.map((e) => e.tenantId))].sort()) await lockTenantReadModel(em, tenantId);
      const fresh = await this.firstDeliveries(em, events);
      const applying = events.filter((e) => fresh.has(e.id));
      for (const event of applying) await this.list.apply(em, event);
      await this.changeLog.apply(em, applying);
    });
  }

  /** Records the ids in the inbox; answers those that were not there yet. */
  private async firstDeliveries(em: EntityManager, events: readonly EventEnvelope[]): Promise<Set<string>> {
    const inserted = await RECORD_IN_INBOX.run(em, [READ_MODEL_GROUP, events.map((e) => e.id)]);
    return new Set(inserted.map((r) => r.event_id));
  }
}

const RECORD_IN_INBOX = new PreparedStatement<{ event_id: string }>(
  'read-model-inbox',
  `INSERT INTO rm_inbox (consumer, event_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING RETURNING event_id`,
);
