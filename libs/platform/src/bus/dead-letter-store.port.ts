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
}

export const DEAD_LETTER_STORE = Symbol('DEAD_LETTER_STORE');

/** Dead letters in memory: for specs and the bus contract. */
export class InMemoryDeadLetterStore implements DeadLetterStore {
  readonly letters = new Map<string, DeadLetter>();

  async record(letter: DeadLetter): Promise<void> {
    const key = `${letter.group}/${letter.event.id}`;
    const earlier = this.letters.get(key);
    this.letters.set(key, earlier ? { ...letter, attempts: earlier.attempts + letter.attempts, firstFailedAt: earlier.firstFailedAt } : letter);
  }

  of(group: string): DeadLetter[] {
    return [...this.letters.values()].filter((l) => l.group === group);
  }
}
