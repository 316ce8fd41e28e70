import type { EventEnvelope } from '@chat/contracts';
import { runWithRequestId } from '../logging/request-context';
import { inSpan, SpanKind } from '../telemetry/trace-context';
import type { EventHandler } from './event-bus.port';

/**
 * A batch handler for consumers that work one event at a time: each event in order, inside a
 * consumer span that continues the trace of the request that wrote it, logging with its request id.
 */
export function eachEvent(group: string, handle: (event: EventEnvelope) => Promise<void> | void): EventHandler {
  return async (events) => {
    for (const event of events) {
      await inSpan(`consume ${event.name}`, { kind: SpanKind.CONSUMER, parentHeaders: event.headers, attributes: { 'messaging.consumer.group.name': group } }, () =>
        runWithRequestId(event.headers['x-request-id'] ?? event.id, async () => handle(event)),
      );
    }
  };
}
