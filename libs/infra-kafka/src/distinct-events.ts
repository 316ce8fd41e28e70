import type { EventEnvelope } from '@chat/contracts';

/**
 * The events of a fetched batch with each id once, in their first position. A relay that died
 * before marking its rows republishes them, and both copies can arrive in one fetch; the applied
 * log only knows ids from earlier batches, so the copies within a batch are dropped here.
 */
export function distinctEvents(events: readonly EventEnvelope[]): EventEnvelope[] {
  const seen = new Set<string>();
  return events.filter((e) => !seen.has(e.id) && seen.add(e.id));
}
