/** One open socket as the shared count knows it. */
export interface ConnectionLease {
  /** The count the socket takes a place in: a tenant's id, or one user's (`userConnectionPool`). */
  pool: string;
  connectionId: string;
}

/** The pool of one user's sockets, counted apart from any tenant's (tenant ids are bare UUIDs). */
export const userConnectionPool = (userId: string) => `user:${userId}`;

/** The pool of a tenant's people online: one place per user (the user's id as its connectionId), however many sockets they hold. */
export const onlineUsersPool = (tenantId: string) => `online:${tenantId}`;

/**
 * Open sockets per pool (a tenant, or one user), shared by every gateway. Each socket holds a
 * lease until a deadline; the gateway holding it renews it while it is open and releases it when
 * it closes, so the sockets of a gateway that crashed stop counting once their leases lapse (a
 * lease valid until T counts while now < T). Times are passed in by the caller, as for presence. Each method is one
 * atomic step.
 *
 * Redis mapping: `conn:{pool}` ZSET connectionId → leaseUntil (PEXPIRE past the latest lease,
 * so an idle pool's key goes away).
 */
export interface ConnectionCounter {
  /**
   * Takes a place for the connection unless its pool already holds `limit` live ones (0 = no
   * limit); lapsed leases are dropped first. True when taken (a connection already holding a
   * place just renews it).
   */
  acquire(lease: ConnectionLease, limit: number, nowMs: number, leaseUntilMs: number): Promise<boolean>;
  /** Renews the leases of connections this node still holds. */
  renew(leases: readonly ConnectionLease[], nowMs: number, leaseUntilMs: number): Promise<void>;
  /** Gives the place back at once (the socket closed). */
  release(lease: ConnectionLease): Promise<void>;
  /** Live connections of the pool. */
  count(pool: string, nowMs: number): Promise<number>;
}

export const CONNECTION_COUNTER = Symbol('CONNECTION_COUNTER');
