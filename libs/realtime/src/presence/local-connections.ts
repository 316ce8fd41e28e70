import type { Principal } from '@chat/identity';

/** A socket as presence sees it: the lease it holds (one per connection) and the device the client named, if any. */
export interface PresenceConnection {
  leaseId: string;
  deviceId: string | null;
}

/** Past this many devices with dropped leases the node forgets them all: forgetting only leaves those leases to lapse. */
const MAX_DEVICES = 100_000;

/**
 * This node's view of a user's connections, for the leases of those that drop without a clean close.
 * Such a lease runs on only to bridge a reconnect (no flap): it ends at once when the user holds
 * another connection here, or later when its device (the handshake's deviceId) connects here
 * again. Otherwise a clean close after the reconnect would leave the user online until it lapsed.
 * Node-local: a device back on another node leaves it to lapse.
 */
export class LocalConnections {
  private readonly open = new Map<string, number>();
  private readonly droppedByDevice = new Map<string, string[]>();

  /** Counts a connection in; the leases its device's dropped connections left here, to end now. */
  opened(p: Principal, { deviceId }: PresenceConnection): string[] {
    this.open.set(userKey(p), (this.open.get(userKey(p)) ?? 0) + 1);
    if (!deviceId) return [];
    const leases = this.droppedByDevice.get(deviceKey(p, deviceId)) ?? [];
    this.droppedByDevice.delete(deviceKey(p, deviceId));
    return leases;
  }

  /** Counts a connection out; true when its lease is to end now, false when it bridges a reconnect. */
  closed(p: Principal, { leaseId, deviceId }: PresenceConnection, clean: boolean): boolean {
    const left = (this.open.get(userKey(p)) ?? 1) - 1;
    if (left > 0) this.open.set(userKey(p), left);
    else this.open.delete(userKey(p));
    if (clean || left > 0) return true;
    if (deviceId) {
      if (this.droppedByDevice.size >= MAX_DEVICES) this.droppedByDevice.clear();
      const key = deviceKey(p, deviceId);
      this.droppedByDevice.set(key, [...(this.droppedByDevice.get(key) ?? []), leaseId]);
    }
    return false;
  }
}

const userKey = (p: Principal) => `${p.tenantId}:${p.userId}`;
const deviceKey = (p: Principal, deviceId: string) => `${userKey(p)}:${deviceId}`;
