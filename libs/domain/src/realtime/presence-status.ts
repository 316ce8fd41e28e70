import type { PresenceStatus } from '@chat/contracts';

/** What presence is derived from: live device leases, the client's own choice, and activity. */
export interface PresenceFacts {
  /** Devices whose lease (renewed by heartbeats) has not lapsed. */
  devices: number;
  /** Set by the client with `presence.set {status: 'away'}`; cleared by 'online' or when the last device goes. */
  away: boolean;
  /** Last client event other than a heartbeat (ms since the epoch). */
  lastActiveAt: number | null;
}

/** Offline without a live device; away when the client says so or after `awayAfterMs` without activity. */
export function presenceStatus(facts: PresenceFacts, nowMs: number, awayAfterMs: number): PresenceStatus {
  if (facts.devices === 0) return 'offline';
  if (facts.away) return 'away';
  if (facts.lastActiveAt !== null && nowMs - facts.lastActiveAt >= awayAfterMs) return 'away';
  return 'online';
}
