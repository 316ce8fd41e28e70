import type { TargetFactory } from './feature-target';
import { describeMessageChanges } from './message-changes.suite';
import { describePresence } from './presence.suite';
import { describeReadModel } from './read-model.suite';
import { describeReads } from './reads.suite';
import { describeTyping } from './typing.suite';
import { describeViewers } from './viewers.suite';

export * from './feature-target';
export * from './tenant-isolation.suite';

/**
 * The realtime feature suite (issue 4), run as it is against the embedded all-in-one and the
 * split deployment: each describe block boots its own target from the factory.
 */
export function describeRealtimeFeatures(factory: TargetFactory): void {
  describePresence(factory);
  describeTyping(factory);
  describeViewers(factory);
  describeMessageChanges(factory);
  describeReads(factory);
  describeReadModel(factory);
}
