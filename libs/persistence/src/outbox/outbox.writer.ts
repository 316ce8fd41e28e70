import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import type { AggregateType, EventName, EventPayloads } from '@chat/contracts';
import { currentRequestId, currentTraceHeaders } from '@chat/platform';
import { OutboxEntity } from '../entities';

export interface NewEvent<N extends EventName = EventName> {
  name: N;
  tenantId: string;
  aggregateType: AggregateType;
  aggregateId: string;
  payload: EventPayloads[N];
}

/**
 * Appends events to the outbox inside the caller's transaction, so an event exists exactly when
 * the change it describes was committed. The correlation id and trace context travel in the event headers.
 */
@Injectable()
export class OutboxWriter {
  async append(em: EntityManager, events: readonly NewEvent[]): Promise<void> {
    if (events.length === 0) return;
    // The trace context rides along so consumers continue the trace of the request.
    const headers = { 'x-request-id': currentRequestId(), ...currentTraceHeaders() };
    await em.getRepository(OutboxEntity).insert(
      events.map((e) => ({
        tenantId: e.tenantId,
        eventId: uuidv7(),
        eventName: e.name,
        aggregateType: e.aggregateType,
        aggregateId: e.aggregateId,
        payload: e.payload as object,
        headers,
      })),
    );
  }
}
