import { hostname } from 'node:os';
import { USERNAME_PATTERN, usernameKey } from '@chat/domain';
import { EnvReader } from './env-reader';
import { readExport, type ExportConfig } from './export-config';
import { readFeatures, type FeaturesConfig } from './features-config';
import { readTls, readTrustProxy, type TlsConfig, type TrustProxy } from './http-config';
import { readLoad, type LoadConfig } from './load-config';
import { readMedia, type MediaConfig } from './media-config';
import { readNotifications, type NotificationsConfig } from './notifications-config';
import { readQuotas, type QuotaConfig } from './quota-config';
import { readContentPolicy, type ContentPolicyConfig } from './content-policy-config';
import { readCosts, type CostConfig } from './cost-config';
import { readConsumers, type ConsumerConfig } from './consumer-config';
import { readDefaultChannels } from './default-channels-config';
import { readDelivery, type DeliveryConfig } from './delivery-config';
import { readSso, type SsoConfig } from './sso-config';
import { readProfileSource, type ProfileSourceConfig } from './profile-source-config';
import { readE2ee, type E2eeConfig } from './e2ee-config';
import { readTenancy, type TenancyConfig } from './tenancy-config';
import { readMessageEncryption, type MessageEncryptionConfig } from './message-encryption-config';

export type RunMode = 'embedded' | 'distributed';

/**
 * Per user and minute (RATE_LIMIT_*_PER_MINUTE), spent through UserRateLimits before anything is
 * written or broadcast: the paths a single client could otherwise flood a room or the server with.
 */
export interface UserActionRates {
  /** PATCH of a message. */
  editsPerMinute: number;
  /** DELETE of a message (own or, as a moderator, someone else's). */
  deletesPerMinute: number;
  /** PUT and DELETE of a reaction. */
  reactionsPerMinute: number;
  /** PUT and DELETE of a pin; each change sends a frame to the whole conversation. */
  pinsPerMinute: number;
  /** `typing` starts (a stop is free: it only ends a start let through); each change sends a frame to the whole conversation. */
  typingPerMinute: number;
  /** Socket `conversation.join`s; each is a membership lookup and, for a room new to the node, a Redis subscription. */
  socketJoinsPerMinute: number;
  /** Socket `conversation.view`s (a null one too); each change sends a `viewers` frame to the whole conversation. */
  viewsPerMinute: number;
  /** Socket `sync` pages; each is a history read and writes an audit entry. */
  syncsPerMinute: number;
  /** Socket `presence.set`s; a change is announced to every conversation of the user. */
  presenceChangesPerMinute: number;
  /** Pointer acknowledgements, read and delivered together (socket `read`/`delivered` and their REST twins); each costs a membership lookup. */
  receiptsPerMinute: number;
  /** GET /v1/search. */
  searchesPerMinute: number;
  /** POST /v1/media. */
  uploadsPerMinute: number;
  /** POST /v1/auth/ws-ticket. */
  wsTicketsPerMinute: number;
  /** New reports of messages (asking again about a message already reported is free). */
  reportsPerMinute: number;
  /** New conversations (POST /v1/conversations; answering with the existing direct conversation is free). */
  conversationsPerMinute: number;
  /** Invitations (POST /v1/conversations/:id/members; inviting a member already in is free). */
  invitesPerMinute: number;
  /** E2EE key distributions (POST /v1/conversations/:id/e2ee/keys): each stores a wrapped key per member device and tells every member. */
  keyDistributionsPerMinute: number;
}

export interface AppConfig {
  /** embedded: one process on embedded Postgres; distributed: external engines from URLs. */
  mode: RunMode;
  http: {
    host: string;
    port: number;
    publicUrl: string | null;
    bodyLimitBytes: number;
    listenBacklog: number;
    /** TRUST_PROXY: the proxies believed about the caller's address and scheme; null: the app's default. */
    trustProxy: TrustProxy | null;
    /** TLS_CERT_FILE + TLS_KEY_FILE: serve https (and wss) itself; null: plain HTTP. */
    tls: TlsConfig | null;
  };
  dataDir: string;
  database: {
    url: string | null;
    embeddedPort: number;
    /**
     * EMBEDDED_PG_RESTART_*: restarts of an embedded postmaster that exits after start-up, waiting
     * backoffMs, doubling up to backoffMaxMs; after `attempts` failures in a row the process exits 1.
     */
    embeddedRestart: { attempts: number; backoffMs: number; backoffMaxMs: number };
    /**
     * DATABASE_POOL_MAX: connections this process opens at most. DATABASE_POOL_IDLE_TIMEOUT_MS: how
     * long one may sit idle before it is closed; 0 keeps them. A connection opened again after a lull
     * pays the password handshake and a new backend whose caches are cold (its first statements take
     * tens of milliseconds), so idle ones are kept for minutes rather than pg's 10 s.
     */
    pool: { max: number; idleTimeoutMs: number };
    /**
     * DATABASE_REPLICA_URLS: streaming read replicas of DATABASE_URL, for the reads that can tell
     * whether a replica has caught up with them (persistence ReadReplicas); none: the primary reads all.
     */
    replicaUrls: string[];
    /**
     * MESSAGE_PARTITIONS_AHEAD: once `npm run messages:partition` has partitioned messages by month,
     * how many months past the current one always have their partition (persistence MessagePartitionKeeper).
     */
    messagePartitionsAhead: number;
    /**
     * MESSAGE_CONTENT_OFFLOAD_AFTER_DAYS: bodies of messages older than this move from the messages
     * table to the media bucket (persistence MessageContentOffload; needs MEDIA_STORAGE=s3); 0 = never.
     * MESSAGE_CONTENT_OFFLOAD_BATCH_SIZE: rows the pass reads, and objects it writes, per round.
     */
    messageContent: { offloadAfterDays: number; offloadBatchSize: number };
  };
  auth: {
    jwtSecret: string | null;
    /** MFA_SECRET_KEY: the AES-256 key sealing TOTP secrets at rest; null derives one from the JWT secret. */
    mfaSecretKey: Buffer | null;
    /**
     * MFA_SECRET_KEYS_PREVIOUS: keys MFA_SECRET_KEY had before a rotation. They no longer seal, but
     * open what they sealed until the start-up re-seal pass has moved it to the current key.
     */
    mfaSecretKeysPrevious: Buffer[];
    /** MFA_RESEAL_BATCH_SIZE: stored TOTP secrets the start-up re-seal pass (MfaSecretResealJob) reads per query. */
    mfaResealBatchSize: number;
    /**
     * LOGIN_FAILURES_MAX / LOGIN_FAILURE_WINDOW_SECONDS: failed passwords for one username from one
     * client address (then that address is refused that username), or failed two-step codes for one
     * account (then the account is refused), within a window.
     */
    loginFailuresMax: number;
    /**
     * LOGIN_ACCOUNT_FAILURES_MAX: failed passwords for one username from all addresses together
     * before it is refused for a window to every address it never logged in from; its owner's
     * usual addresses still get in, so strangers cannot lock an account out.
     */
    loginAccountFailuresMax: number;
    loginFailureWindowSeconds: number;
    /**
     * LOGIN_CHALLENGE_AFTER_FAILURES: after this many failed passwords for a username from an
     * address (or from anywhere, for an address the account never logged in from), each login
     * there must first solve a proof-of-work challenge of LOGIN_CHALLENGE_BITS, whose token lives
     * LOGIN_CHALLENGE_TTL_SECONDS (0: never asked).
     */
    loginChallengeAfterFailures: number;
    loginChallengeBits: number;
    loginChallengeTtlSeconds: number;
    accessTokenTtlSeconds: number;
    refreshTokenTtlSeconds: number;
    /** DEVICE_PROOF_MAX_AGE_SECONDS: how far a device-bound refresh's proof time may be from now, either way (clock skew and latency). */
    deviceProofMaxAgeSeconds: number;
    wsTicketTtlSeconds: number;
    /** WS_TICKET_MAX_CONVERSATIONS: how many conversations one scoped ws ticket may name. */
    wsTicketMaxConversations: number;
    guestLoginEnabled: boolean;
    passwordMinLength: number;
    passwordMaxLength: number;
    /** ADMIN_USERNAMES: the tenant administrators (ban accounts, read the whole moderation log), as username keys. */
    adminUsernames: string[];
  };
  limits: {
    messageBodyMaxChars: number;
    attachmentsMax: number;
    /** MESSAGE_MENTIONS_MAX: members one message may name (`mentions`), each notified through a mute. */
    mentionsMax: number;
    /** PINNED_MESSAGES_MAX: messages one conversation may have pinned; one more answers 409 PINS_FULL (0 turns pins off). */
    pinnedMessagesMax: number;
    usernameMaxChars: number;
    displayNameMaxChars: number;
    conversationNameMaxChars: number;
    descriptionMaxChars: number;
    groupMaxMembers: number;
    historyDefaultLimit: number;
    historyMaxLimit: number;
    publicListMaxLimit: number;
    /** CONVERSATION_LIST_DEFAULT_LIMIT / CONVERSATION_LIST_MAX_LIMIT: conversations per page of `GET /v1/conversations`. */
    conversationListDefaultLimit: number;
    conversationListMaxLimit: number;
    /** FAVOURITE_CONVERSATIONS_MAX: conversations one account may star; one more answers 409 FAVOURITES_FULL. */
    favouriteConversationsMax: number;
    userSearchDefaultLimit: number;
    userSearchMaxLimit: number;
    /** BLOCKS_PAGE_DEFAULT_LIMIT / BLOCKS_PAGE_MAX_LIMIT: people per page of `GET /v1/me/blocks`. */
    blocksDefaultLimit: number;
    blocksMaxLimit: number;
    socketMaxPayloadBytes: number;
    /** USER_MAX_CONNECTIONS: sockets one account may hold open at once across every gateway (0 = unlimited). */
    userMaxConnections: number;
    banReasonMaxChars: number;
    reportNoteMaxChars: number;
    moderationLogDefaultLimit: number;
    moderationLogMaxLimit: number;
  };
  rateLimits: { messagesPerSecond: number; messageBurst: number; authPerMinute: number; joinsPerMinute: number } & UserActionRates;
  /**
   * SYNC_CHANGES_RETENTION_DAYS: how long GET /v1/sync can reach back (0: forever); an older cursor gets 410 SYNC_CURSOR_EXPIRED.
   * SYNC_DEFAULT_LIMIT / SYNC_MAX_LIMIT: changes per page of GET /v1/sync.
   */
  sync: { changesRetentionDays: number; defaultLimit: number; maxLimit: number };
  /**
   * MESSAGE_RETENTION_DAYS: messages older than this are deleted (tombstones, as if their sender had
   * deleted them); 0 keeps them forever. MESSAGE_PURGE_AFTER_DAYS: a tombstone deleted this long ago
   * is removed from the database for good; 0 keeps tombstones (and their seqs) forever.
   */
  retention: { messageDays: number; purgeAfterDays: number };
  /**
   * The audit log (@chat/audit). AUDIT_RETENTION_DAYS: entries older than this are pruned (0: kept
   * forever). AUDIT_LOG_DEFAULT_LIMIT / AUDIT_LOG_MAX_LIMIT: page size of GET /v1/admin/audit-log.
   * AUDIT_SUMMARY_MAX_DAYS: the longest span one summary may count.
   */
  audit: { retentionDays: number; logDefaultLimit: number; logMaxLimit: number; summaryMaxDays: number };
  /**
   * Business chats (@chat/businesses). BUSINESS_AGENTS_MAX: agents one business may have.
   * BUSINESS_INBOX_DEFAULT_LIMIT / BUSINESS_INBOX_MAX_LIMIT: conversations per inbox request.
   * BUSINESS_SEARCH_DEFAULT_LIMIT / BUSINESS_SEARCH_MAX_LIMIT: businesses per page of a search and of my businesses.
   * BUSINESS_ROUTING_INTERVAL_SECONDS: how often waiting conversations are routed (0: only on hours and agent changes).
   * BUSINESS_ACTIVE_CONVERSATION_HOURS: an open conversation counts toward its agent's load (least-busy) while it had a message or its assignment this recently (0: always).
   */
  businesses: {
    agentsMax: number;
    inboxDefaultLimit: number;
    inboxMaxLimit: number;
    searchDefaultLimit: number;
    searchMaxLimit: number;
    routingIntervalMs: number;
    activeConversationHours: number;
  };
  /** Feature flags per tenant and user (@chat/features; see features-config.ts). */
  features: FeaturesConfig;
  /** DEFAULT_CHANNELS: the public channels each new account joins, in order; none: off (see default-channels-config.ts). */
  defaultChannels: string[];
  /**
   * GET /v1/search: query length (code points, after trimming), page size, and how many of the
   * caller's conversations (memberships first, then public channels, most recently active first)
   * one search looks into. SEARCH_STATEMENT_TIMEOUT_MS: longest one search may run on Postgres
   * full-text (a search past it answers 503 SERVICE_UNAVAILABLE). SEARCH_BACKFILL_BATCH_SIZE:
   * stored messages per write when a new index is filled from history (SearchBackfill).
   */
  search: { queryMaxChars: number; defaultLimit: number; maxLimit: number; maxConversations: number; statementTimeoutMs: number; backfillBatchSize: number };
  /**
   * PRESENCE_AWAY_AFTER_SECONDS: a connected user with no activity for this long shows as away.
   * PRESENCE_LEASE_SECONDS: a device missing heartbeats this long is gone (clients beat every 15 s).
   * TYPING_TTL_SECONDS: a typing indicator lasts this long after the typist's last `typing` event.
   */
  presence: { awayAfterMs: number; leaseMs: number; typingTtlMs: number };
  /** Delivery receipts: write coalescing and the size above which conversations keep none (see delivery-config.ts). */
  delivery: DeliveryConfig;
  /** SEND_*: group commit of sends, and SEND_QUEUE_WAIT_MAX_MS, past which new sends are refused (see SendBatcher). */
  sends: { batchMax: number; statementsInFlight: number; overlapAfterMs: number; queueWaitMaxMs: number };
  /**
   * OUTBOX_SHARDS: rows are split by hash(aggregate id); each shard has one publisher at a time.
   * OUTBOX_BATCH_LINGER_MS: after a pass that published, the relay waits this long before the next,
   * so what commits meanwhile goes out as one batch (see OutboxRelay).
   */
  outbox: { pollIntervalMs: number; batchSize: number; publishesInFlight: number; retentionHours: number; shards: number; batchLingerMs: number };
  /** CONSUMER_*: retries of a failing consumer group and when it sets an event aside as a dead letter. */
  consumers: ConsumerConfig;
  /** This process in logs, Kafka client ids and socket-adapter channels; unique per replica. */
  nodeId: string;
  /** Set by KAFKA_BROKERS: the event bus is Kafka; otherwise the in-process bus. */
  kafka: KafkaConfig | null;
  /**
   * Set by REDIS_URL (one Redis) or REDIS_CLUSTER_NODES (a Redis Cluster): socket fan-out, rate
   * limits and consumer ledgers live in Redis; otherwise in memory.
   */
  redis: RedisConfig | null;
  /** Set by ELASTICSEARCH_URL: the search index lives in Elasticsearch; otherwise Postgres full-text. */
  elasticsearch: { url: string; indexPrefix: string } | null;
  /**
   * Internal calls between split apps: the gateway forwards writes to COMMAND_URL and reads to
   * QUERY_URL, and `/v1/media` to MEDIA_URL when set.
   */
  services: { commandUrl: string | null; queryUrl: string | null; mediaUrl: string | null; token: string | null; timeoutMs: number };
  media: MediaConfig;
  /** Tenant data exports for administrators (see export-config.ts). */
  exports: ExportConfig;
  notifications: NotificationsConfig;
  load: LoadConfig;
  /** Per-tenant quotas: connections, people online, messages per minute (defaults; tenants may override them). */
  quotas: QuotaConfig;
  contentPolicy: ContentPolicyConfig;
  /** Per-tenant usage metering, the price sheet and the cost drift job (see cost-config.ts). */
  costs: CostConfig;
  tenancy: TenancyConfig;
  /** Single sign-on with OpenID Connect (see sso-config.ts); off without OIDC_ISSUER_URL. */
  sso: SsoConfig;
  /** Names and avatars from the main service (see profile-source-config.ts); off without PROFILE_SOURCE_URL. */
  profileSource: ProfileSourceConfig;
  /** End-to-end encrypted conversations' size limits (see e2ee-config.ts). */
  e2ee: E2eeConfig;
  /** Message bodies sealed at rest with the operator's keys (see message-encryption-config.ts); no keys: off. */
  messageEncryption: MessageEncryptionConfig;
  telemetry: TelemetryConfig;
  /** maskIds: UUIDs in log lines written masked (id-mask.ts). */
  log: { level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'; maskIds: boolean };
  shutdownGraceMs: number;
}

export interface KafkaConfig {
  brokers: string[];
  /** Namespaces topics (`<prefix>.<aggregate>.events`) and consumer groups, so environments can share a cluster. */
  topicPrefix: string;
  partitions: number;
  replicationFactor: number;
  /** How long a vanished consumer keeps its partitions before the group moves them. */
  sessionTimeoutMs: number;
}

/** One seed node of a Redis Cluster; the client learns the others from it. */
export interface RedisNode {
  host: string;
  port: number;
}

/**
 * Where Redis is: exactly one of `url` (REDIS_URL, one Redis; credentials and TLS in the URL) or
 * `clusterNodes` (REDIS_CLUSTER_NODES, a Redis Cluster; `password` from REDIS_PASSWORD).
 */
export type RedisEndpoint = { url: string; clusterNodes: null; password: null } | { url: null; clusterNodes: RedisNode[]; password: string | null };

export type RedisConfig = RedisEndpoint & {
  keyPrefix: string;
  /** How long a consumer remembers an applied event id, so a redelivery inside that window is dropped. */
  appliedEventTtlSeconds: number;
  /** REDIS_MIN_MEMORY_MB: a Redis whose `maxmemory` is set below this fails the start (seed 004 R10.5); 0 skips the check. */
  minMemoryMb: number;
};

export interface TelemetryConfig {
  /** Trace ids are always made and propagated (so frames carry them); spans are recorded and exported only with an endpoint. */
  otlpTracesEndpoint: string | null;
  serviceNamespace: string;
  sampleRatio: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n- ${problems.join('\n- ')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Neither Kafka nor Redis: this process is the only node and fans out every event itself, so a
 * sent message's frame can leave at its commit (see MessageFrames) and the relay may batch.
 */
export function fansOutInProcess(config: Pick<AppConfig, 'kafka' | 'redis'>): boolean {
  return config.kafka === null && config.redis === null;
}

/** Parses and validates the whole configuration once; throws naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined>, r = new EnvReader(env)): AppConfig {
  const databaseUrl = r.string('DATABASE_URL', null);
  const mode: RunMode = databaseUrl ? 'distributed' : 'embedded';
  const dataDir = r.string('DATA_DIR', './data');
  const kafka = readKafka(r);
  const redis = readRedis(r);
  // Read ahead of the limits it sits in: DEFAULT_CHANNELS is held to it.
  const conversationNameMaxChars = r.int('CONVERSATION_NAME_MAX_CHARS', 80, 1, 1024);
  const config: AppConfig = {
    mode,
    http: {
      host: r.string('HOST', '0.0.0.0'),
      port: r.int('PORT', 3000, 0, 65535),
      publicUrl: r.string('PUBLIC_URL', null),
      bodyLimitBytes: r.int('HTTP_BODY_LIMIT_BYTES', 256 * 1024, 1024),
      // Pending connections the kernel queues before accept: a reconnect storm overflows Node's 511.
      listenBacklog: r.int('HTTP_LISTEN_BACKLOG', 4096, 1, 65535),
      trustProxy: readTrustProxy(r),
      tls: readTls(r),
    },
    dataDir,
    database: {
      url: databaseUrl,
      embeddedPort: r.int('EMBEDDED_PG_PORT', 54329, 1, 65535),
      embeddedRestart: {
        attempts: r.int('EMBEDDED_PG_RESTART_ATTEMPTS', 5, 1, 100),
        backoffMs: r.int('EMBEDDED_PG_RESTART_BACKOFF_MS', 1_000, 10, 600_000),
        backoffMaxMs: r.int('EMBEDDED_PG_RESTART_BACKOFF_MAX_MS', 30_000, 10, 3_600_000),
      },
      pool: {
        max: r.int('DATABASE_POOL_MAX', 20, 1, 1_000),
        idleTimeoutMs: r.int('DATABASE_POOL_IDLE_TIMEOUT_MS', 300_000, 0, 86_400_000),
      },
      replicaUrls: r.list('DATABASE_REPLICA_URLS', /^postgres(ql)?:\/\/\S+$/, 'postgres:// URLs, comma-separated'),
      messagePartitionsAhead: r.int('MESSAGE_PARTITIONS_AHEAD', 3, 1, 60),
      messageContent: {
        offloadAfterDays: r.int('MESSAGE_CONTENT_OFFLOAD_AFTER_DAYS', 0, 0, 36_500),
        offloadBatchSize: r.int('MESSAGE_CONTENT_OFFLOAD_BATCH_SIZE', 500, 1, 10_000),
      },
    },
    auth: {
      jwtSecret: r.secret('JWT_SECRET'),
      mfaSecretKey: r.key32('MFA_SECRET_KEY'),
      mfaSecretKeysPrevious: r.key32List('MFA_SECRET_KEYS_PREVIOUS'),
      mfaResealBatchSize: r.int('MFA_RESEAL_BATCH_SIZE', 500, 1, 10_000),
      loginFailuresMax: r.int('LOGIN_FAILURES_MAX', 10, 1, 10_000),
      loginAccountFailuresMax: r.int('LOGIN_ACCOUNT_FAILURES_MAX', 50, 1, 1_000_000),
      loginFailureWindowSeconds: r.int('LOGIN_FAILURE_WINDOW_SECONDS', 15 * 60, 1, 7 * 24 * 3600),
      loginChallengeAfterFailures: r.int('LOGIN_CHALLENGE_AFTER_FAILURES', 3, 0, 1_000_000),
      // 2^16 hashes on average: about a second with a browser's WebCrypto (milliseconds in native code, so a speed bump for scripts, not a wall).
      loginChallengeBits: r.int('LOGIN_CHALLENGE_BITS', 16, 1, 24),
      loginChallengeTtlSeconds: r.int('LOGIN_CHALLENGE_TTL_SECONDS', 120, 10, 3600),
      accessTokenTtlSeconds: r.int('ACCESS_TOKEN_TTL_SECONDS', 15 * 60, 5),
      refreshTokenTtlSeconds: r.int('REFRESH_TOKEN_TTL_SECONDS', 30 * 24 * 3600, 60),
      deviceProofMaxAgeSeconds: r.int('DEVICE_PROOF_MAX_AGE_SECONDS', 60, 1, 3600),
      wsTicketTtlSeconds: r.int('WS_TICKET_TTL_SECONDS', 30, 1, 600),
      wsTicketMaxConversations: r.int('WS_TICKET_MAX_CONVERSATIONS', 20, 1, 1000),
      guestLoginEnabled: r.bool('GUEST_LOGIN_ENABLED', mode === 'embedded'),
      passwordMinLength: r.int('PASSWORD_MIN_LENGTH', 8, 1, 256),
      passwordMaxLength: r.int('PASSWORD_MAX_LENGTH', 256, 8, 4096),
      adminUsernames: r.list('ADMIN_USERNAMES', USERNAME_PATTERN, 'a comma-separated list of usernames').map(usernameKey),
    },
    limits: {
      messageBodyMaxChars: r.int('MESSAGE_BODY_MAX_CHARS', 4000, 1),
      attachmentsMax: r.int('MESSAGE_ATTACHMENTS_MAX', 10, 0),
      mentionsMax: r.int('MESSAGE_MENTIONS_MAX', 20, 0, 1000),
      pinnedMessagesMax: r.int('PINNED_MESSAGES_MAX', 50, 0, 1000),
      usernameMaxChars: r.int('USERNAME_MAX_CHARS', 32, 3, 256),
      displayNameMaxChars: r.int('DISPLAY_NAME_MAX_CHARS', 64, 1, 1024),
      conversationNameMaxChars,
      descriptionMaxChars: r.int('DESCRIPTION_MAX_CHARS', 1000, 0, 100_000),
      groupMaxMembers: r.int('GROUP_MAX_MEMBERS', 8, 2, 10_000),
      historyDefaultLimit: r.int('HISTORY_DEFAULT_LIMIT', 50, 1),
      historyMaxLimit: r.int('HISTORY_MAX_LIMIT', 500, 1),
      publicListMaxLimit: r.int('PUBLIC_LIST_MAX_LIMIT', 100, 1),
      conversationListDefaultLimit: r.int('CONVERSATION_LIST_DEFAULT_LIMIT', 200, 1, 100_000),
      conversationListMaxLimit: r.int('CONVERSATION_LIST_MAX_LIMIT', 1_000, 1, 100_000),
      favouriteConversationsMax: r.int('FAVOURITE_CONVERSATIONS_MAX', 100, 1, 10_000),
      userSearchDefaultLimit: r.int('USER_SEARCH_DEFAULT_LIMIT', 10, 1),
      userSearchMaxLimit: r.int('USER_SEARCH_MAX_LIMIT', 50, 1, 1_000),
      blocksDefaultLimit: r.int('BLOCKS_PAGE_DEFAULT_LIMIT', 50, 1),
      blocksMaxLimit: r.int('BLOCKS_PAGE_MAX_LIMIT', 200, 1, 10_000),
      socketMaxPayloadBytes: r.int('SOCKET_MAX_PAYLOAD_BYTES', 64 * 1024, 1024),
      userMaxConnections: r.int('USER_MAX_CONNECTIONS', 30, 0, 1_000_000),
      banReasonMaxChars: r.int('BAN_REASON_MAX_CHARS', 500, 1, 10_000),
      reportNoteMaxChars: r.int('REPORT_NOTE_MAX_CHARS', 1_000, 1, 10_000),
      moderationLogDefaultLimit: r.int('MODERATION_LOG_DEFAULT_LIMIT', 50, 1),
      moderationLogMaxLimit: r.int('MODERATION_LOG_MAX_LIMIT', 200, 1, 10_000),
    },
    rateLimits: {
      messagesPerSecond: r.int('RATE_LIMIT_MESSAGES_PER_SECOND', 10, 1),
      messageBurst: r.int('RATE_LIMIT_MESSAGE_BURST', 20, 1),
      authPerMinute: r.int('RATE_LIMIT_AUTH_PER_MINUTE', 60, 1),
      // Seed 001 SR-007's "5 room switches a minute": joining a public channel is moving into a room.
      joinsPerMinute: r.int('RATE_LIMIT_JOINS_PER_MINUTE', 5, 1),
      // Far above what a person does by hand, so only a script meets them (seed 003 req. 7.7, 9.4: throttling on every path).
      editsPerMinute: r.int('RATE_LIMIT_EDITS_PER_MINUTE', 60, 1),
      deletesPerMinute: r.int('RATE_LIMIT_DELETES_PER_MINUTE', 60, 1),
      reactionsPerMinute: r.int('RATE_LIMIT_REACTIONS_PER_MINUTE', 120, 1),
      pinsPerMinute: r.int('RATE_LIMIT_PINS_PER_MINUTE', 30, 1),
      typingPerMinute: r.int('RATE_LIMIT_TYPING_PER_MINUTE', 60, 1),
      // The web client joins every listed conversation at each connect (a page of
      // CONVERSATION_LIST_DEFAULT_LIMIT, 200) and syncs those with messages it missed, from each
      // device, and every socket of a node reconnects at once when its fan-out subscription drops:
      // these leave room for several devices doing that together; a view is one per conversation opened.
      socketJoinsPerMinute: r.int('RATE_LIMIT_SOCKET_JOINS_PER_MINUTE', 1_000, 1),
      viewsPerMinute: r.int('RATE_LIMIT_VIEWS_PER_MINUTE', 120, 1),
      syncsPerMinute: r.int('RATE_LIMIT_SYNCS_PER_MINUTE', 1_000, 1),
      presenceChangesPerMinute: r.int('RATE_LIMIT_PRESENCE_CHANGES_PER_MINUTE', 60, 1),
      // Clients send these by themselves: the SDK at most one `delivered` per conversation a second per
      // device, the web client a `read` per message seen in the open one. 10 a second sustained covers
      // three devices each in three conversations busy every second; a full bucket, hundreds of
      // conversations re-acknowledged after a reconnect.
      receiptsPerMinute: r.int('RATE_LIMIT_RECEIPTS_PER_MINUTE', 600, 1),
      searchesPerMinute: r.int('RATE_LIMIT_SEARCHES_PER_MINUTE', 60, 1),
      uploadsPerMinute: r.int('RATE_LIMIT_UPLOADS_PER_MINUTE', 30, 1),
      wsTicketsPerMinute: r.int('RATE_LIMIT_WS_TICKETS_PER_MINUTE', 60, 1),
      reportsPerMinute: r.int('RATE_LIMIT_REPORTS_PER_MINUTE', 10, 1),
      conversationsPerMinute: r.int('RATE_LIMIT_CONVERSATIONS_PER_MINUTE', 10, 1),
      invitesPerMinute: r.int('RATE_LIMIT_INVITES_PER_MINUTE', 30, 1),
      keyDistributionsPerMinute: r.int('RATE_LIMIT_KEY_DISTRIBUTIONS_PER_MINUTE', 30, 1),
    },
    sync: {
      changesRetentionDays: r.int('SYNC_CHANGES_RETENTION_DAYS', 30, 0, 36_500),
      defaultLimit: r.int('SYNC_DEFAULT_LIMIT', 100, 1, 100_000),
      maxLimit: r.int('SYNC_MAX_LIMIT', 500, 1, 100_000),
    },
    retention: {
      messageDays: r.int('MESSAGE_RETENTION_DAYS', 0, 0, 36_500),
      purgeAfterDays: r.int('MESSAGE_PURGE_AFTER_DAYS', 0, 0, 36_500),
    },
    businesses: {
      agentsMax: r.int('BUSINESS_AGENTS_MAX', 100, 1, 10_000),
      inboxDefaultLimit: r.int('BUSINESS_INBOX_DEFAULT_LIMIT', 50, 1),
      inboxMaxLimit: r.int('BUSINESS_INBOX_MAX_LIMIT', 200, 1, 10_000),
      searchDefaultLimit: r.int('BUSINESS_SEARCH_DEFAULT_LIMIT', 20, 1),
      searchMaxLimit: r.int('BUSINESS_SEARCH_MAX_LIMIT', 100, 1, 10_000),
      routingIntervalMs: r.int('BUSINESS_ROUTING_INTERVAL_SECONDS', 60, 0, 86_400) * 1000,
      activeConversationHours: r.int('BUSINESS_ACTIVE_CONVERSATION_HOURS', 24, 0, 8_760),
    },
    features: readFeatures(r),
    defaultChannels: readDefaultChannels(r, conversationNameMaxChars),
    audit: {
      retentionDays: r.int('AUDIT_RETENTION_DAYS', 365, 0, 36_500),
      logDefaultLimit: r.int('AUDIT_LOG_DEFAULT_LIMIT', 50, 1),
      logMaxLimit: r.int('AUDIT_LOG_MAX_LIMIT', 500, 1, 10_000),
      summaryMaxDays: r.int('AUDIT_SUMMARY_MAX_DAYS', 92, 1, 3_660),
    },
    search: {
      queryMaxChars: r.int('SEARCH_QUERY_MAX_CHARS', 200, 1, 10_000),
      defaultLimit: r.int('SEARCH_DEFAULT_LIMIT', 20, 1),
      maxLimit: r.int('SEARCH_MAX_LIMIT', 100, 1, 10_000),
      // Elasticsearch's terms filter takes at most 65,536 values by default.
      maxConversations: r.int('SEARCH_MAX_CONVERSATIONS', 1000, 1, 65_536),
      statementTimeoutMs: r.int('SEARCH_STATEMENT_TIMEOUT_MS', 5_000, 1, 600_000),
      backfillBatchSize: r.int('SEARCH_BACKFILL_BATCH_SIZE', 500, 1, 10_000),
    },
    sends: {
      batchMax: r.int('SEND_BATCH_MAX', 64, 1, 1_000),
      statementsInFlight: r.int('SEND_STATEMENTS_IN_FLIGHT', 2, 1, 64),
      overlapAfterMs: r.int('SEND_OVERLAP_AFTER_MS', 3, 0, 1_000),
      queueWaitMaxMs: r.int('SEND_QUEUE_WAIT_MAX_MS', 500, 0, 600_000),
    },
    outbox: {
      pollIntervalMs: r.int('OUTBOX_POLL_INTERVAL_MS', 500, 10),
      batchSize: r.int('OUTBOX_BATCH_SIZE', 500, 1, 10_000),
      publishesInFlight: r.int('OUTBOX_PUBLISHES_IN_FLIGHT', 4, 1, 64),
      retentionHours: r.int('OUTBOX_RETENTION_HOURS', 24, 0),
      shards: r.int('OUTBOX_SHARDS', 8, 1, 1024),
      // A single node sends message frames at commit, so the relay's batches may wait; where frames
      // travel through the bus (Kafka or Redis), every millisecond here is a millisecond of delivery.
      batchLingerMs: r.int('OUTBOX_BATCH_LINGER_MS', fansOutInProcess({ kafka, redis }) ? 50 : 0, 0, 1000),
    },
    consumers: readConsumers(r),
    media: readMedia(r, dataDir),
    exports: readExport(r, dataDir),
    notifications: readNotifications(r),
    load: readLoad(r),
    quotas: readQuotas(r),
    contentPolicy: readContentPolicy(r),
    costs: readCosts(r),
    tenancy: readTenancy(r),
    sso: readSso(r),
    profileSource: readProfileSource(r),
    e2ee: readE2ee(r),
    messageEncryption: readMessageEncryption(r),
    nodeId: r.string('NODE_ID', `${hostname()}-${process.pid}`),
    kafka,
    redis,
    elasticsearch: readElasticsearch(r),
    services: {
      commandUrl: r.url('COMMAND_URL', null),
      queryUrl: r.url('QUERY_URL', null),
      mediaUrl: r.url('MEDIA_URL', null),
      token: r.secret('SERVICE_TOKEN'),
      timeoutMs: r.int('SERVICE_TIMEOUT_MS', 10_000, 100, 600_000),
    },
    telemetry: {
      otlpTracesEndpoint: r.url('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', null),
      serviceNamespace: r.string('OTEL_SERVICE_NAMESPACE', 'chat'),
      sampleRatio: r.ratio('OTEL_TRACES_SAMPLE_RATIO', 1),
    },
    presence: {
      awayAfterMs: r.int('PRESENCE_AWAY_AFTER_SECONDS', 300, 1, 86_400) * 1000,
      // Above the clients' 15 s heartbeat, or every device would flap offline between two beats.
      leaseMs: r.int('PRESENCE_LEASE_SECONDS', 30, 16, 3_600) * 1000,
      typingTtlMs: r.int('TYPING_TTL_SECONDS', 5, 1, 60) * 1000,
    },
    delivery: readDelivery(r),
    log: { level: r.oneOf('LOG_LEVEL', 'info', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const), maskIds: r.bool('LOG_MASK_IDS', true) },
    shutdownGraceMs: r.int('SHUTDOWN_GRACE_MS', 10_000, 0),
  };
  r.atMost('HISTORY_DEFAULT_LIMIT', config.limits.historyDefaultLimit, 'HISTORY_MAX_LIMIT', config.limits.historyMaxLimit);
  r.atMost('MODERATION_LOG_DEFAULT_LIMIT', config.limits.moderationLogDefaultLimit, 'MODERATION_LOG_MAX_LIMIT', config.limits.moderationLogMaxLimit);
  r.atMost('USER_SEARCH_DEFAULT_LIMIT', config.limits.userSearchDefaultLimit, 'USER_SEARCH_MAX_LIMIT', config.limits.userSearchMaxLimit);
  r.atMost('BLOCKS_PAGE_DEFAULT_LIMIT', config.limits.blocksDefaultLimit, 'BLOCKS_PAGE_MAX_LIMIT', config.limits.blocksMaxLimit);
  r.atMost('BUSINESS_INBOX_DEFAULT_LIMIT', config.businesses.inboxDefaultLimit, 'BUSINESS_INBOX_MAX_LIMIT', config.businesses.inboxMaxLimit);
  r.atMost('BUSINESS_SEARCH_DEFAULT_LIMIT', config.businesses.searchDefaultLimit, 'BUSINESS_SEARCH_MAX_LIMIT', config.businesses.searchMaxLimit);
  r.atMost('AUDIT_LOG_DEFAULT_LIMIT', config.audit.logDefaultLimit, 'AUDIT_LOG_MAX_LIMIT', config.audit.logMaxLimit);
  r.atMost('SEARCH_DEFAULT_LIMIT', config.search.defaultLimit, 'SEARCH_MAX_LIMIT', config.search.maxLimit);
  r.atMost('SYNC_DEFAULT_LIMIT', config.sync.defaultLimit, 'SYNC_MAX_LIMIT', config.sync.maxLimit);
  if (config.auth.loginChallengeAfterFailures >= config.auth.loginFailuresMax) {
    // The address lock would come first and the challenge never.
    r.problems.push('LOGIN_CHALLENGE_AFTER_FAILURES must be below LOGIN_FAILURES_MAX (or 0, never asking)');
  }
  r.atMost('MEDIA_QUARANTINE_PAGE_DEFAULT_LIMIT', config.media.quarantinePageDefaultLimit, 'MEDIA_QUARANTINE_PAGE_MAX_LIMIT', config.media.quarantinePageMaxLimit);
  if (config.database.messageContent.offloadAfterDays > 0 && config.media.storage !== 's3') {
    r.problems.push('MESSAGE_CONTENT_OFFLOAD_AFTER_DAYS needs MEDIA_STORAGE=s3: offloaded message content goes to the media bucket');
  }
  if (mode === 'embedded' && config.database.replicaUrls.length) {
    r.problems.push('DATABASE_REPLICA_URLS needs DATABASE_URL: replicas copy an external primary, not the embedded one');
  }
  if (mode === 'distributed' && !config.auth.jwtSecret) {
    r.problems.push('JWT_SECRET is required when DATABASE_URL is set (every app must share it)');
  }
  if (Boolean(config.services.commandUrl) !== Boolean(config.services.queryUrl)) {
    r.problems.push('COMMAND_URL and QUERY_URL go together: a gateway forwards writes and reads, or neither');
  }
  if (config.services.mediaUrl && !config.services.commandUrl) {
    r.problems.push('MEDIA_URL is for a gateway that forwards to split apps: set COMMAND_URL and QUERY_URL too');
  }
  if (config.services.commandUrl && !config.services.token) {
    r.problems.push('SERVICE_TOKEN is required when COMMAND_URL is set (the command and query apps check it)');
  }
  if (r.problems.length) throw new ConfigError(r.problems);
  return config;
}

/** Every variable loadConfig reads; deployment manifests are checked against this list. */
export function configVariableNames(): string[] {
  const reader = new EnvReader({});
  try {
    loadConfig({}, reader);
  } catch {
    // the names are known even when the empty environment is not a valid one
  }
  return [...reader.names].sort();
}

function readKafka(r: EnvReader): KafkaConfig | null {
  const brokers = r.list('KAFKA_BROKERS', /^[\w.-]+:\d{1,5}$/, 'host:port[,host:port...]');
  const settings: KafkaConfig = {
    brokers,
    topicPrefix: r.name('KAFKA_TOPIC_PREFIX', 'chat'),
    partitions: r.int('KAFKA_TOPIC_PARTITIONS', 6, 1, 10_000),
    replicationFactor: r.int('KAFKA_REPLICATION_FACTOR', 1, 1, 16),
    sessionTimeoutMs: r.int('KAFKA_SESSION_TIMEOUT_MS', 10_000, 6_000, 300_000),
  };
  return brokers.length ? settings : null;
}

function readRedis(r: EnvReader): RedisConfig | null {
  const url = r.url('REDIS_URL', null, ['redis:', 'rediss:']);
  const nodes = r.list('REDIS_CLUSTER_NODES', /^[\w.-]+:\d{1,5}$/, 'host:port[,host:port...] (seed nodes of a Redis Cluster)');
  const password = r.string('REDIS_PASSWORD', null);
  const settings = {
    keyPrefix: r.name('REDIS_KEY_PREFIX', 'chat'),
    appliedEventTtlSeconds: r.int('APPLIED_EVENT_TTL_SECONDS', 24 * 3600, 1),
    minMemoryMb: r.int('REDIS_MIN_MEMORY_MB', 256, 0, 1024 * 1024),
  };
  if (url && nodes.length) {
    r.problems.push('REDIS_URL and REDIS_CLUSTER_NODES are both set: set REDIS_URL for one Redis or REDIS_CLUSTER_NODES for a Redis Cluster, not both');
    return null;
  }
  if (password !== null && !nodes.length) {
    // With one Redis the password belongs in REDIS_URL (redis://:password@host): one place, not two.
    r.problems.push('REDIS_PASSWORD is only read with REDIS_CLUSTER_NODES; with REDIS_URL put the password in the URL (redis://:password@host:6379)');
  }
  if (url) return { url, clusterNodes: null, password: null, ...settings };
  if (nodes.length) return { url: null, clusterNodes: nodes.map(toRedisNode), password, ...settings };
  return null;
}

function toRedisNode(item: string): RedisNode {
  const at = item.lastIndexOf(':');
  return { host: item.slice(0, at), port: Number(item.slice(at + 1)) };
}

function readElasticsearch(r: EnvReader): AppConfig['elasticsearch'] {
  const url = r.url('ELASTICSEARCH_URL', null);
  const indexPrefix = r.name('ELASTICSEARCH_INDEX_PREFIX', 'chat');
  return url ? { url, indexPrefix } : null;
}
