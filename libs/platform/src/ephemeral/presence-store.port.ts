import type { PresenceStatus } from '@chat/contracts';

export interface PresenceKey {
  tenantId: string;
  userId: string;
}

/** One user's presence state as stored; the status itself is derived (see @chat/domain presenceStatus). */
export interface PresenceRecord extends PresenceKey {
  /** Device leases that have not lapsed at the time of the call. */
  devices: number;
  /** Set by the client; cleared when the user's last device goes. */
  away: boolean;
  lastActiveAt: number | null;
  /** Last evidence the user was there: a connect, heartbeat, activity or clean disconnect. */
  lastSeenAt: number | null;
  /** The status last announced to others; `announce` moves it with a compare-and-set. Starts 'offline'. */
  announced: PresenceStatus;
}

/**
 * Presence state shared by every gateway node: per user, a set of device leases that expire
 * unless renewed, plus activity and the client's away flag. Times are passed in (the caller owns
 * the clock), so adapters keep identical TTL semantics: a lease renewed until T counts while
 * now < T. Every method is one atomic step.
 *
 * Redis mapping (one Lua script per method, keys under the configured prefix):
 * - `presence:{t}:{u}:dev` ZSET deviceId → leaseUntil (lapsed = score <= now)
 * - `presence:{t}:{u}` HASH away, lastActiveAt, idleAt, lastSeenAt, announced (PEXPIRE ~30 days)
 * - `presence:due` ZSET "t:u" → next deadline = min(live lease ends, idleAt if in the future)
 */
export interface PresenceStore {
  /** Opens or renews a device lease until `leaseUntilMs`. A user with no live device starts fresh (away cleared). */
  touch(key: PresenceKey, deviceId: string, nowMs: number, leaseUntilMs: number): Promise<PresenceRecord>;
  /** Ends a device lease at once (a clean disconnect). */
  drop(key: PresenceKey, deviceId: string, nowMs: number): Promise<PresenceRecord>;
  /** Records activity; the user's idle deadline becomes `idleAtMs`. */
  markActive(key: PresenceKey, nowMs: number, idleAtMs: number): Promise<PresenceRecord>;
  setAway(key: PresenceKey, away: boolean, nowMs: number): Promise<PresenceRecord>;
  /** Records in the order asked; unknown users come back offline with no history. */
  read(keys: readonly PresenceKey[], nowMs: number): Promise<PresenceRecord[]>;
  /**
   * Hands out up to `limit` users with a deadline at or before `nowMs` (a lease lapsed, or they
   * went idle), each to exactly one caller across nodes: lapsed leases are removed and the user
   * is rescheduled to their next deadline, if any.
   */
  claimDue(nowMs: number, limit: number): Promise<PresenceKey[]>;
  /** Sets `announced` to `next` only if it is still `expected`; true when this caller won. */
  announce(key: PresenceKey, expected: PresenceStatus, next: PresenceStatus): Promise<boolean>;
}

export const PRESENCE_STORE = Symbol('PRESENCE_STORE');
