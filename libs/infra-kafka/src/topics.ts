import type { AggregateType } from '@chat/contracts';

/** Every aggregate type has a topic; listing them here makes a new type a compile error until it has one. */
const AGGREGATES: Record<AggregateType, true> = { conversation: true, user: true };

export const AGGREGATE_TYPES = Object.keys(AGGREGATES) as AggregateType[];

/** `<prefix>.<aggregate>.events`: one topic per aggregate type, keyed by aggregate id. */
export const topicFor = (prefix: string, aggregateType: AggregateType) => `${prefix}.${aggregateType}.events`;

/** Consumer groups share the prefix, so two environments on one cluster never share offsets. */
export const groupIdFor = (prefix: string, group: string) => `${prefix}.${group}`;

/**
 * `<prefix>.replay.<group>`: events an operator replays to one consumer group (its dead letters).
 * Only that group's consumers read it, so the other groups do not see the events again.
 */
export const replayTopicFor = (prefix: string, group: string) => `${prefix}.replay.${group}`;
