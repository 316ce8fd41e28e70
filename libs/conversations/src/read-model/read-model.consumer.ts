import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { EventEnvelope } from '@chat/contracts';
import { EVENT_BUS, runWithRequestId, type EventBus } from '@chat/platform';
import { ChangeLogProjection } from './change-log.projection';
import { ConversationListProjection } from './conversation-list.projection';
import { ReadModelRebuild, lockTenantReadModel } from './read-model.rebuild';

/** The query side's consumer group: one per deployment, whichever processes run it. */
export const READ_MODEL_GROUP = 'read-models';
/** Applied event ids are remembered this long: longer than any redelivery (outbox retention, broker retention). */
const INBOX_RETENTION_DAYS = 14;

/**
 * Applies each event to the read model exactly once: in one transaction it takes the tenant's
 * projection lock, records the event id in `rm_inbox` (a redelivery finds it and stops), and
 * runs both projections. A failure rolls all of it back and the bus delivers again.
 */
@Injectable()
export class ReadModelConsumer implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(ReadModelConsumer.name);
  private pruneTimer: NodeJS.Timeout | null = null;

  constructor(
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    private readonly dataSource: DataSource,
    private readonly list: ConversationListProjection,
    private readonly changeLog: ChangeLogProjection,
    private readonly rebuild: ReadModelRebuild,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.rebuild.ensureCurrent();
    this.bus.subscribe(READ_MODEL_GROUP, (event) => runWithRequestId(event.headers['x-request-id'] ?? event.id, () => this.apply(event)));
    this.pruneTimer = setInterval(() => void this.pruneInbox(), 3_600_000).unref();
  }

  onModuleDestroy(): void {
    if (this.pruneTimer) clearInterval(this.pruneTimer);
  }

  async apply(event: EventEnvelope): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      await lockTenantReadModel(em, event.tenantId);
      if (!(await this.firstDelivery(em, event.id))) return;
      await this.list.apply(em, event);
      await this.changeLog.apply(em, event);
    });
  }

  private async firstDelivery(em: EntityManager, eventId: string): Promise<boolean> {
    const inserted: unknown[] = await em.query(`INSERT INTO rm_inbox (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1`, [READ_MODEL_GROUP, eventId]);
    return inserted.length > 0;
  }

  private async pruneInbox(): Promise<void> {
    try {
      await this.dataSource.query(`DELETE FROM rm_inbox WHERE applied_at < now() - make_interval(days => $1)`, [INBOX_RETENTION_DAYS]);
    } catch (err) {
      this.logger.warn({ err }, 'Pruning the read model inbox failed; retrying in an hour');
    }
  }
}
