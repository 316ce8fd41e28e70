import type { EnvReader } from './env-reader';

/**
 * Per-tenant quotas (@chat/platform quota/): the defaults every tenant gets unless its row in
 * `tenants` overrides them (null there = these). 0 = unlimited, the default, so nothing is
 * throttled until an operator sets a limit. The media default is MEDIA_QUOTA_BYTES (media-config).
 */
export interface QuotaConfig {
  /** TENANT_MAX_CONNECTIONS: open sockets one tenant may hold across every gateway (0 = unlimited). */
  maxConnections: number;
  /** TENANT_MAX_ONLINE_USERS: people one tenant may have connected at once, however many sockets each holds (0 = unlimited; seed 001 FR-013). */
  maxOnlineUsers: number;
  /** TENANT_MESSAGES_PER_MINUTE: messages all senders of one tenant may send per minute together (0 = unlimited). */
  messagesPerMinute: number;
  /** TENANT_UPGRADE_URL: where a refused tenant is sent to raise its limits (in the error's details); null = none. */
  upgradeUrl: string | null;
  /** TENANT_CONNECTION_LEASE_SECONDS: a gateway renews its sockets' places in the shared count; a crashed gateway's lapse after this long. */
  connectionLeaseMs: number;
  /** TENANT_QUOTA_CACHE_SECONDS: how long a node keeps a tenant's limits before reading its row again (a change made on this node applies at once). */
  cacheMs: number;
}

export function readQuotas(r: EnvReader): QuotaConfig {
  return {
    maxConnections: r.int('TENANT_MAX_CONNECTIONS', 0, 0, 10_000_000),
    maxOnlineUsers: r.int('TENANT_MAX_ONLINE_USERS', 0, 0, 10_000_000),
    messagesPerMinute: r.int('TENANT_MESSAGES_PER_MINUTE', 0, 0, 10_000_000),
    upgradeUrl: r.url('TENANT_UPGRADE_URL', null),
    connectionLeaseMs: r.int('TENANT_CONNECTION_LEASE_SECONDS', 60, 3, 3_600) * 1000,
    cacheMs: r.int('TENANT_QUOTA_CACHE_SECONDS', 10, 0, 3_600) * 1000,
  };
}
