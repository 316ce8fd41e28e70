import type { PresenceStatus } from '@chat/contracts';
import { DueIndex, earliest } from './due-index';
import type { PresenceKey, PresenceRecord, PresenceStore } from './presence-store.port';

interface UserState {
  key: PresenceKey;
  /** deviceId → lease end */
  devices: Map<string, number>;
  away: boolean;
  lastActiveAt: number | null;
  idleAt: number | null;
  lastSeenAt: number | null;
  announced: PresenceStatus;
  /** The last write: forgotten PRESENCE_FORGET_AFTER_MS after it. */
  touchedAt: number;
}

/** As the Redis store's keys expire: the state of a user nobody touched for this long goes (read: offline, no history). */
export const PRESENCE_FORGET_AFTER_MS = 30 * 24 * 3_600_000;

/** PresenceStore in this process's memory (the embedded mode: one gateway, so nothing to share). */
export class InMemoryPresenceStore implements PresenceStore {
  private readonly users = new Map<string, UserState>();
  private readonly due = new DueIndex();
  /**
   * When each user's state is forgotten: every user who ever connected would otherwise stay in
   * memory. Set at a user's first write and moved on only when it comes (to PRESENCE_FORGET_AFTER_MS
   * after their last write): a heartbeat changes `touchedAt`, not the index, which would otherwise
   * take an entry per write.
   */
  private readonly forgetting = new DueIndex();

  async touch(key: PresenceKey, deviceId: string, nowMs: number, leaseUntilMs: number): Promise<PresenceRecord> {
    const user = this.user(key);
    if (liveDevices(user, nowMs) === 0) user.away = false;
    user.devices.set(deviceId, leaseUntilMs);
    user.lastSeenAt = nowMs;
    return this.changed(user, nowMs);
  }

  async drop(key: PresenceKey, deviceId: string, nowMs: number): Promise<PresenceRecord> {
    const user = this.user(key);
    user.devices.delete(deviceId);
    user.lastSeenAt = nowMs;
    if (liveDevices(user, nowMs) === 0) user.away = false;
    return this.changed(user, nowMs);
  }

  async markActive(key: PresenceKey, nowMs: number, idleAtMs: number): Promise<PresenceRecord> {
    const user = this.user(key);
    user.lastActiveAt = nowMs;
    user.idleAt = idleAtMs;
    if (liveDevices(user, nowMs) > 0) user.lastSeenAt = nowMs;
    return this.changed(user, nowMs);
  }

  async setAway(key: PresenceKey, away: boolean, nowMs: number): Promise<PresenceRecord> {
    const user = this.user(key);
    user.away = away;
    return this.changed(user, nowMs);
  }

  async read(keys: readonly PresenceKey[], nowMs: number): Promise<PresenceRecord[]> {
    return keys.map((key) => toRecord(this.users.get(id(key)) ?? fresh(key), nowMs));
  }

  async claimDue(nowMs: number, limit: number): Promise<PresenceKey[]> {
    for (const k of this.forgetting.claim(nowMs, limit)) {
      const forgetAt = (this.users.get(k)?.touchedAt ?? -Infinity) + PRESENCE_FORGET_AFTER_MS;
      if (forgetAt > nowMs) {
        this.forgetting.set(k, forgetAt); // written to since: not yet
        continue;
      }
      this.users.delete(k);
      this.due.set(k, null);
    }
    return this.due.claim(nowMs, limit).map((k) => {
      const user = this.users.get(k)!;
      for (const [device, until] of user.devices) if (until <= nowMs) user.devices.delete(device);
      if (user.devices.size === 0) user.away = false;
      if (user.idleAt !== null && user.idleAt <= nowMs) user.idleAt = null; // reported once
      this.due.set(k, deadlineOf(user));
      return user.key;
    });
  }

  async announce(key: PresenceKey, expected: PresenceStatus, next: PresenceStatus): Promise<boolean> {
    const user = this.user(key);
    if (user.announced !== expected) return false;
    user.announced = next;
    return true;
  }

  private user(key: PresenceKey): UserState {
    let user = this.users.get(id(key));
    if (!user) this.users.set(id(key), (user = fresh(key)));
    return user;
  }

  private changed(user: UserState, nowMs: number): PresenceRecord {
    const k = id(user.key);
    this.due.set(k, deadlineOf(user));
    user.touchedAt = nowMs;
    if (!this.forgetting.has(k)) this.forgetting.set(k, nowMs + PRESENCE_FORGET_AFTER_MS);
    return toRecord(user, nowMs);
  }
}

const id = (key: PresenceKey) => `${key.tenantId}:${key.userId}`;

function fresh(key: PresenceKey): UserState {
  return { key: { tenantId: key.tenantId, userId: key.userId }, devices: new Map(), away: false, lastActiveAt: null, idleAt: null, lastSeenAt: null, announced: 'offline', touchedAt: -Infinity };
}

function liveDevices(user: UserState, nowMs: number): number {
  let live = 0;
  for (const until of user.devices.values()) if (until > nowMs) live++;
  return live;
}

/**
 * The next moment something changes by itself: a lease ends or the user goes idle. Moments
 * already past stay due until `claimDue` reports them, so no lapse goes unannounced.
 */
function deadlineOf(user: UserState): number | null {
  return earliest([...user.devices.values(), user.idleAt]);
}

function toRecord(user: UserState, nowMs: number): PresenceRecord {
  const { tenantId, userId } = user.key;
  return { tenantId, userId, devices: liveDevices(user, nowMs), away: user.away, lastActiveAt: user.lastActiveAt, lastSeenAt: user.lastSeenAt, announced: user.announced };
}
