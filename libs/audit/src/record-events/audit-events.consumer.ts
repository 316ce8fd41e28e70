import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { EventEnvelope } from '@chat/contracts';
import { EVENT_BUS, type EventBus } from '@chat/platform';
import { AuditLogRepository } from '../audit-log.repository';
import { auditEntriesOf } from './event-audit-entries';

const AUDIT_GROUP = 'audit';

/**
 * Records the audited state changes from the events they committed, one statement per batch. The
 * outbox makes every committed change an event and the bus delivers each at least once; entries
 * take their event's id, so the log holds each change exactly once, whichever way it came in
 * (REST, socket, a split app).
 */
@Injectable()
export class AuditEventsConsumer implements OnModuleInit {
  constructor(
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    private readonly auditLog: AuditLogRepository,
  ) {}

  onModuleInit(): void {
    this.bus.subscribe(AUDIT_GROUP, (events) => this.apply(events));
  }

  apply(events: readonly EventEnvelope[]): Promise<void> {
    return this.auditLog.record(auditEntriesOf(events));
  }
}
