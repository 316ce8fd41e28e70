import type { EventEnvelope } from '@chat/contracts';

/** An event a consumer group gave up on after CONSUMER_MAX_ATTEMPTS tries, set aside so the group moves on. */
export interface DeadLetter {
  group: string;
  event: EventEnvelope;
  /** The last error, as text (its message and stack). */
  error: string;
  attempts: number;
  firstFailedAt: Date;
  lastFailedAt: Date;
}

/**
 * Where dead letters are kept (Postgres: `consumer_dead_letters`, @chat/persistence). Recording the
 * same group and event again (a replay that failed again, a redelivery) adds its attempts to the
 * letter and makes it pending again.
 */
export interface DeadLetterStore {
  record(letter: DeadLetter): Promise<void>;
  /**
   * The group has now handled these events (a later delivery passed): a pending letter of one of
   * them is resolved, so an operator's replay later does not apply it a second time. Called for
   * every handled batch, so a store that knows the group has no pending letters answers without I/O.
   */
  resolveHandled(group: string, events: readonly EventEnvelope[]): Promise<void>;
}

export const DEAD_LETTER_STORE = Symbol('DEAD_LETTER_STORE');

/** Dead letters in memory: for specs and the bus contract. */
export class InMemoryDeadLetterStore implements DeadLetterStore {
  readonly letters = new Map<string, DeadLetter>();
  private readonly resolved = new Set<string>();

  async record(letter: DeadLetter): Promise<void> {
    const key = keyOf(letter.group, letter.event.id);
    const earlier = this.letters.get(key);
    this.letters.set(key, earlier ? { ...letter, attempts: earlier.attempts + letter.attempts, firstFailedAt: earlier.firstFailedAt } : letter);
    this.resolved.delete(key);
  }

  async resolveHandled(group: string, events: readonly EventEnvelope[]): Promise<void> {
    for (const event of events) if (this.letters.has(keyOf(group, event.id))) this.resolved.add(keyOf(group, event.id));
  }

  /** Every letter of the group, resolved ones included. */
  of(group: string): DeadLetter[] {
    return [...this.letters.values()].filter((l) => l.group === group);
  }

  pending(group: string): DeadLetter[] {
    return this.of(group).filter((l) => !this.resolved.has(keyOf(l.group, l.event.id)));
  }
}

const keyOf = (group: string, eventId: string) => `${group}/${eventId}`;
