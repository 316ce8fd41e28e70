import type { EventEmitter } from 'node:events';
import type { Cluster, Redis } from 'ioredis';
import type { Namespace } from 'socket.io';

/**
 * Redis pub/sub keeps nothing for a subscriber that is away: whatever the other nodes published
 * to the adapter while this node's subscriber connection was down is lost to it. That is frames,
 * and also the adapter's own requests: a `socketsLeave` (a kicked member's sockets leaving the
 * conversation's room) or a `disconnectSockets` (a banned account, a revoked login) made on
 * another node never reached the sockets here. The client reconnects the subscriber and
 * resubscribes by itself, which restores what comes next, not what was missed.
 *
 * So once it is back, every socket of this node is made to reconnect: the handshake checks the
 * login again, each `conversation.join` checks membership again, and the clients `sync` from the
 * last seq they saw (the SDK and the web app do at every connect).
 */

/**
 * Calls `recovered` each time the adapter's subscriber connection is back after a drop. One Redis:
 * its `ready` after a `close` (ioredis resubscribes when ready, before emitting it). A cluster:
 * each primary has its own subscriber connection, which the Cluster replaces when it drops
 * (`-node`) and then resubscribes, announcing `subscribersReady`. Drops are watched rather than
 * connects counted: the connection may be up or not yet when this is called.
 */
export function whenSubscriberRecovers(sub: Redis | Cluster, recovered: () => void): void {
  const [dropEvent, readyEvent] = sub.isCluster ? ['-node', 'subscribersReady'] : ['close', 'ready'];
  let dropped = false;
  const events = sub as EventEmitter;
  events.on(dropEvent, () => (dropped = true));
  events.on(readyEvent, () => {
    if (dropped) recovered();
    dropped = false;
  });
}

/**
 * Closes the transport of every socket of this node in `nsp`, and returns how many. Not a
 * `disconnect(true)`: a client told "io server disconnect" does not reconnect by itself (plain
 * Socket.IO clients, the SDK), while a closed transport is a network drop to it, after which
 * every client reconnects on its own backoff, its randomization spreading the node's reconnects.
 */
export function reconnectLocalSockets(nsp: Pick<Namespace, 'sockets'>): number {
  const sockets = [...nsp.sockets.values()];
  for (const socket of sockets) socket.conn.close();
  return sockets.length;
}
