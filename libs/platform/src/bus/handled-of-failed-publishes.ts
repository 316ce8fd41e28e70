import type { EventEnvelope } from '@chat/contracts';

/** Per group; a record the relay never republishes (its shard went to another relay) must not grow for ever. */
const MAX_IDS_PER_GROUP = 100_000;

/**
 * The in-process bus's applied-event check, kept only where it is needed. A publish that fails in
 * one group is published again by the outbox relay to every group, so the groups that had handled
 * it would apply it again on every republish (the notification group would queue the same push
 * once per republish, every few seconds of an engine outage). Here each group's handled events of
 * a publish that failed elsewhere are remembered, and a republish hands a group only the others.
 *
 * In memory, not the APPLIED_EVENT_LOG port (Redis when configured): the bus and its relay are one
 * process, so a republish never comes from elsewhere, and a Redis outage must not stop every group.
 * Kept only while publishes fail: once a publish succeeded in every group the relay marks its rows
 * published and never hands them over again, so their ids are forgotten, and a bus where nothing
 * fails costs no check and no memory per event.
 */
export class HandledOfFailedPublishes {
  private readonly byGroup = new Map<string, Set<string>>();

  /** The events the group has not handled yet. */
  unhandled(group: string, events: readonly EventEnvelope[]): readonly EventEnvelope[] {
    const handled = this.byGroup.get(group);
    return handled ? events.filter((e) => !handled.has(e.id)) : events;
  }

  /**
   * The group is done with these events: handled, or set aside as a dead letter (as on Kafka, the
   * group moved on; an operator's replay reaches it through redeliver, which does not look here).
   */
  record(group: string, events: readonly EventEnvelope[]): void {
    let handled = this.byGroup.get(group);
    if (!handled) this.byGroup.set(group, (handled = new Set()));
    for (const event of events) {
      handled.add(event.id);
      // A Set iterates in insertion order, so the first entry is the oldest.
      if (handled.size > MAX_IDS_PER_GROUP) handled.delete(handled.values().next().value!);
    }
  }

  /** Every group handled these events. */
  forget(events: readonly EventEnvelope[]): void {
    for (const [group, handled] of this.byGroup) {
      for (const event of events) handled.delete(event.id);
      if (handled.size === 0) this.byGroup.delete(group);
    }
  }
}
