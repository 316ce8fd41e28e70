import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { PreparedStatement } from '@chat/persistence';
import type { EventEnvelope } from '@chat/contracts';
import { EVENT_BUS, type EventBus } from '@chat/platform';
import { ChangeLogProjection } from './change-log.projection';
import { ConversationListProjection } from './conversation-list.projection';
import { RECORD_DELIVERIES_SQL, subjectOf } from './event-positions';
import { MessagesSentProjection } from './messages-sent.projection';
import { ReadModelRebuild, lockTenantReadModel } from './read-model.rebuild';

/** The query side's consumer group: one per deployment, whichever processes run it. */
export const READ_MODEL_GROUP = 'read-models';

/**
 * Applies each event to the read model exactly once, a whole batch in one transaction (one commit
 * however many events the relay or the broker handed over): it takes the projection lock of every
 * tenant in the batch, records the event ids in `rm_inbox` (ids already there are redeliveries and
 * are skipped), and runs both projections over the new events in order. In the same statement an
 * event older than one already applied to the state it overwrites (event-positions.ts) is found
 * stale and skipped, so a dead letter replayed after newer events never takes the list or the
 * sync log back in time. A failure rolls all of it back and the bus delivers again. A batch of
 * only `message.sent` events, the common case, takes one statement instead
 * (MessagesSentProjection) unless another writer holds a tenant's lock.
 */
@Injectable()
export class ReadModelConsumer implements OnModuleInit {
  private readonly logger = new Logger(ReadModelConsumer.name);

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
      const applying = await this.firstDeliveries(em, events);
      for (const event of applying) await this.list.apply(em, event);
      await this.changeLog.apply(em, applying);
    });
  }

  /** Records the ids in the inbox; answers, in order, the events that were not there yet and are not stale. */
  private async firstDeliveries(em: EntityManager, events: readonly EventEnvelope[]): Promise<EventEnvelope[]> {
    const claims = events.flatMap((event) => {
      const subject = subjectOf(event);
      return subject ? [{ eventId: event.id, tenantId: event.tenantId, ...subject }] : [];
    });
    const rows = await RECORD_DELIVERIES.run(em, [
      READ_MODEL_GROUP,
      events.map((e) => e.id),
      claims.map((c) => c.eventId),
      claims.map((c) => c.tenantId),
      claims.map((c) => c.conversationId),
      claims.map((c) => c.subject),
      claims.map((c) => c.position),
      claims.map((c) => c.membership),
    ]);
    const stale = rows.filter((r) => r.stale).map((r) => r.event_id);
    if (stale.length) this.logger.debug({ event: 'read_model.stale_skipped', eventIds: stale, count: stale.length }, 'Skipped events older than the state they would overwrite');
    const fresh = new Set(rows.filter((r) => !r.stale).map((r) => r.event_id));
    return events.filter((e) => fresh.has(e.id));
  }
}

const RECORD_DELIVERIES = new PreparedStatement<{ event_id: string; stale: boolean }>('read-model-record-deliveries', RECORD_DELIVERIES_SQL);
