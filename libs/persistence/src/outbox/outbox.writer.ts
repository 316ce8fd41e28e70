import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import type { AggregateType, EventName, EventPayloads } from '@chat/contracts';
import { currentRequestId, currentTraceHeaders } from '@chat/platform';
import { OutboxEntity } from '../entities';
import { OutboxCommits } from './outbox-commits';

export interface NewEvent<N extends EventName = EventName> {
  name: N;
  tenantId: string;
  aggregateType: AggregateType;
  aggregateId: string;
  payload: EventPayloads[N];
}

/** The columns of an outbox row the writer fills in (id and timestamps are the database's). */
export type OutboxRowValues = Pick<OutboxEntity, 'tenantId' | 'eventId' | 'eventName' | 'aggregateType' | 'aggregateId' | 'headers'> & { payload: object };

/**
 * Appends events to the outbox inside the caller's transaction, so an event exists exactly when
 * the change it describes was committed. The correlation id and trace context travel in the event headers.
 */
@Injectable()
export class OutboxWriter {
  constructor(private readonly commits: OutboxCommits) {}

  async append(em: EntityManager, events: readonly NewEvent[]): Promise<void> {
    if (events.length === 0) return;
    await em.getRepository(OutboxEntity).insert(events.map((e) => this.rowFor(e)));
    this.commits.appended(em);
  }

  /** The row of one event, for a writer that inserts it in a statement of its own making. */
  rowFor(event: NewEvent): OutboxRowValues {
    return {
      tenantId: event.tenantId,
      eventId: uuidv7(),
      eventName: event.name,
      aggregateType: event.aggregateType,
      aggregateId: event.aggregateId,
      payload: event.payload as object,
      // The trace context rides along so consumers continue the trace of the request.
      headers: { 'x-request-id': currentRequestId(), ...currentTraceHeaders() },
    };
  }
}
