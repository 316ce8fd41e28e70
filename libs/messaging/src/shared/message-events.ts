import type { EventName, EventPayloads } from '@chat/contracts';
import type { NewEvent } from '@chat/persistence';

/** An event about a message; its conversation is the aggregate, so it keeps the conversation's order. */
export function messageEvent<N extends EventName>(name: N, tenantId: string, conversationId: string, payload: EventPayloads[N]): NewEvent {
  return { name, tenantId, aggregateType: 'conversation', aggregateId: conversationId, payload } as NewEvent;
}
