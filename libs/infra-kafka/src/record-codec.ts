import type { IHeaders, KafkaMessage, Message } from 'kafkajs';
import type { EventEnvelope } from '@chat/contracts';

/**
 * An event as a Kafka record: key = aggregate id (so one conversation stays on one partition, in
 * order), value = the envelope as JSON, and the envelope's headers (x-request-id, traceparent)
 * repeated as record headers so tools and other consumers can read them without parsing.
 */
export function toRecord(event: EventEnvelope, traceHeaders: Record<string, string>): Message {
  const headers = { ...event.headers, ...traceHeaders };
  return {
    key: event.aggregateId,
    value: JSON.stringify({ ...event, headers }),
    headers: { ...headers, 'event-id': event.id, 'event-name': event.name },
  };
}

export function fromRecord(message: KafkaMessage): EventEnvelope {
  const event = JSON.parse(message.value!.toString('utf8')) as EventEnvelope;
  // Record headers win: a producer span between outbox and broker re-parents the trace.
  return { ...event, headers: { ...event.headers, ...headerStrings(message.headers) } };
}

function headerStrings(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name === 'event-id' || name === 'event-name' || value === undefined) continue;
    out[name] = (Array.isArray(value) ? value[0] : value)!.toString();
  }
  return out;
}
