/**
 * What each consumer group has applied. A broker redelivers after a crash, a rebalance or a
 * relay that published twice; the bus consults this log so a handler sees an event id once per
 * group (best effort: a crash between handler and record still redelivers, which handlers that
 * track seqs also absorb).
 */
export interface AppliedEventLog {
  wasApplied(group: string, eventId: string): Promise<boolean>;
  markApplied(group: string, eventId: string): Promise<void>;
}

export const APPLIED_EVENT_LOG = Symbol('APPLIED_EVENT_LOG');
