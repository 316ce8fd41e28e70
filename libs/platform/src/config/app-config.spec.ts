import { randomBytes } from 'node:crypto';
import { ConfigError, configVariableNames, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('defaults to the embedded mode with the documented limits', () => {
    const config = loadConfig({});
    expect(config.mode).toBe('embedded');
    expect(config.http.port).toBe(3000);
    expect(config.dataDir).toBe('./data');
    expect(config.auth.guestLoginEnabled).toBe(true);
    expect(config.auth.accessTokenTtlSeconds).toBe(900);
    expect(config.limits).toMatchObject({ messageBodyMaxChars: 4000, groupMaxMembers: 8, historyDefaultLimit: 50, historyMaxLimit: 500 });
    expect(config.presence.awayAfterMs).toBe(300_000);
  });
  it('switches to distributed mode with DATABASE_URL, where guest login is off and a shared secret is required', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://x/y' })).toThrow(/JWT_SECRET/);
    const config = loadConfig({ DATABASE_URL: 'postgres://x/y', JWT_SECRET: 's'.repeat(32) });
    expect(config.mode).toBe('distributed');
    expect(config.auth.guestLoginEnabled).toBe(false);
  });
  it('keeps up to 20 database connections, idle ones for 5 minutes (0: for good), and refuses an empty pool', () => {
    expect(loadConfig({}).database.pool).toEqual({ max: 20, idleTimeoutMs: 300_000 });
    expect(loadConfig({ DATABASE_POOL_MAX: '4', DATABASE_POOL_IDLE_TIMEOUT_MS: '0' }).database.pool).toEqual({ max: 4, idleTimeoutMs: 0 });
    expect(() => loadConfig({ DATABASE_POOL_MAX: '0' })).toThrow(/DATABASE_POOL_MAX/);
    expect(() => loadConfig({ DATABASE_POOL_IDLE_TIMEOUT_MS: '-1' })).toThrow(/DATABASE_POOL_IDLE_TIMEOUT_MS/);
  });
  it('reads from DATABASE_REPLICA_URLS replicas of an external primary only', () => {
    const distributed = { DATABASE_URL: 'postgres://p/chat', JWT_SECRET: 's'.repeat(32) };
    expect(loadConfig(distributed).database.replicaUrls).toEqual([]);
    expect(loadConfig({ ...distributed, DATABASE_REPLICA_URLS: 'postgres://r1/chat, postgresql://u:pw@r2:5433/chat' }).database.replicaUrls).toEqual(['postgres://r1/chat', 'postgresql://u:pw@r2:5433/chat']);
    expect(() => loadConfig({ ...distributed, DATABASE_REPLICA_URLS: 'r1:5432' })).toThrow(/DATABASE_REPLICA_URLS must be postgres:\/\/ URLs/);
    expect(() => loadConfig({ DATABASE_REPLICA_URLS: 'postgres://r1/chat' })).toThrow(/DATABASE_REPLICA_URLS needs DATABASE_URL/);
  });
  it('keeps message content in the table unless told to offload it, which needs the S3 media bucket, and bounds its round', () => {
    expect(loadConfig({}).database.messageContent).toEqual({ offloadAfterDays: 0, offloadBatchSize: 500 });
    const s3 = { MEDIA_STORAGE: 's3', MEDIA_S3_BUCKET: 'chat-media' };
    expect(loadConfig({ ...s3, MESSAGE_CONTENT_OFFLOAD_AFTER_DAYS: '90', MESSAGE_CONTENT_OFFLOAD_BATCH_SIZE: '50' }).database.messageContent).toEqual({ offloadAfterDays: 90, offloadBatchSize: 50 });
    expect(() => loadConfig({ MESSAGE_CONTENT_OFFLOAD_AFTER_DAYS: '90' })).toThrow(/MESSAGE_CONTENT_OFFLOAD_AFTER_DAYS needs MEDIA_STORAGE=s3/);
    expect(() => loadConfig({ ...s3, MESSAGE_CONTENT_OFFLOAD_AFTER_DAYS: '-1' })).toThrow(/MESSAGE_CONTENT_OFFLOAD_AFTER_DAYS/);
    expect(() => loadConfig({ ...s3, MESSAGE_CONTENT_OFFLOAD_BATCH_SIZE: '0' })).toThrow(/MESSAGE_CONTENT_OFFLOAD_BATCH_SIZE/);
    expect(() => loadConfig({ ...s3, MESSAGE_CONTENT_OFFLOAD_BATCH_SIZE: '10001' })).toThrow(/MESSAGE_CONTENT_OFFLOAD_BATCH_SIZE/);
  });
  it('names every bad variable at once', () => {
    try {
      loadConfig({ PORT: 'abc', GROUP_MAX_MEMBERS: '1', LOG_LEVEL: 'loud', GUEST_LOGIN_ENABLED: 'maybe' });
      fail('expected a ConfigError');
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const message = (err as Error).message;
      for (const name of ['PORT', 'GROUP_MAX_MEMBERS', 'LOG_LEVEL', 'GUEST_LOGIN_ENABLED']) expect(message).toContain(name);
    }
  });
  it('budgets 600 read and delivery acknowledgements a minute per user unless told otherwise, never fewer than one', () => {
    expect(loadConfig({}).rateLimits.receiptsPerMinute).toBe(600);
    expect(loadConfig({ RATE_LIMIT_RECEIPTS_PER_MINUTE: '30' }).rateLimits.receiptsPerMinute).toBe(30);
    expect(() => loadConfig({ RATE_LIMIT_RECEIPTS_PER_MINUTE: '0' })).toThrow(/RATE_LIMIT_RECEIPTS_PER_MINUTE/);
  });
  it('keeps the sync change log 30 days unless told otherwise (0: forever), never a negative number of days', () => {
    expect(loadConfig({}).sync.changesRetentionDays).toBe(30);
    expect(loadConfig({ SYNC_CHANGES_RETENTION_DAYS: '0' }).sync.changesRetentionDays).toBe(0);
    expect(() => loadConfig({ SYNC_CHANGES_RETENTION_DAYS: '-1' })).toThrow(/SYNC_CHANGES_RETENTION_DAYS/);
  });
  it('pages GET /v1/sync by 100 changes up to 500 unless told otherwise, never fewer than one nor a default above the maximum', () => {
    expect(loadConfig({}).sync).toMatchObject({ defaultLimit: 100, maxLimit: 500 });
    expect(loadConfig({ SYNC_DEFAULT_LIMIT: '20', SYNC_MAX_LIMIT: '50' }).sync).toMatchObject({ defaultLimit: 20, maxLimit: 50 });
    expect(() => loadConfig({ SYNC_MAX_LIMIT: '0' })).toThrow(/SYNC_MAX_LIMIT/);
    expect(() => loadConfig({ SYNC_DEFAULT_LIMIT: 'many' })).toThrow(/SYNC_DEFAULT_LIMIT/);
    expect(() => loadConfig({ SYNC_MAX_LIMIT: '50' })).toThrow(/SYNC_DEFAULT_LIMIT must not exceed SYNC_MAX_LIMIT/);
  });
  it('reads administrators as username keys and refuses what cannot be a username', () => {
    expect(loadConfig({}).auth.adminUsernames).toEqual([]);
    expect(loadConfig({ ADMIN_USERNAMES: ' Alice, bob.ops ' }).auth.adminUsernames).toEqual(['alice', 'bob.ops']);
    expect(() => loadConfig({ ADMIN_USERNAMES: 'alice,bob smith' })).toThrow(/ADMIN_USERNAMES must be a comma-separated list of usernames/);
  });
  it('reads MFA_SECRET_KEYS_PREVIOUS as MFA_SECRET_KEY is read, one key per comma, and names a bad one by its place, never its value', () => {
    const [hex, base64, base64url] = [randomBytes(32), randomBytes(32), randomBytes(32)];
    const previous = `${hex.toString('hex')}, ${base64.toString('base64')},${base64url.toString('base64url')},`;
    expect(loadConfig({ MFA_SECRET_KEYS_PREVIOUS: previous }).auth.mfaSecretKeysPrevious).toEqual([hex, base64, base64url]);
    expect(loadConfig({}).auth.mfaSecretKeysPrevious).toEqual([]);
    expect(loadConfig({ MFA_SECRET_KEYS_PREVIOUS: '' }).auth.mfaSecretKeysPrevious).toEqual([]);

    const short = randomBytes(16).toString('base64');
    const typo = `${hex.toString('base64').slice(0, 20)}!${hex.toString('base64').slice(20)}`;
    try {
      loadConfig({ MFA_SECRET_KEYS_PREVIOUS: `${hex.toString('hex')},${short},${typo}` });
      fail('expected a ConfigError');
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).problems).toEqual([
        'MFA_SECRET_KEYS_PREVIOUS (key 2 of 3) must be 32 bytes, as 64 hex digits or base64 (got 16 bytes)',
        'MFA_SECRET_KEYS_PREVIOUS (key 3 of 3) must be 32 bytes, as 64 hex digits or base64 (got other characters)',
      ]);
      expect((err as Error).message).not.toContain(short);
    }
  });
  it('reads the moderation limits, and refuses a default log page larger than the maximum', () => {
    expect(loadConfig({}).limits).toMatchObject({ banReasonMaxChars: 500, moderationLogDefaultLimit: 50, moderationLogMaxLimit: 200 });
    expect(() => loadConfig({ MODERATION_LOG_DEFAULT_LIMIT: '300' })).toThrow(/MODERATION_LOG_DEFAULT_LIMIT/);
  });
  it('keeps audit entries a year unless told otherwise (0: forever), and refuses a default log page larger than the maximum', () => {
    expect(loadConfig({}).audit).toEqual({ retentionDays: 365, logDefaultLimit: 50, logMaxLimit: 500, summaryMaxDays: 92 });
    expect(loadConfig({ AUDIT_RETENTION_DAYS: '0' }).audit.retentionDays).toBe(0);
    expect(() => loadConfig({ AUDIT_RETENTION_DAYS: '-1' })).toThrow(/AUDIT_RETENTION_DAYS/);
    expect(() => loadConfig({ AUDIT_LOG_DEFAULT_LIMIT: '600' })).toThrow(/AUDIT_LOG_DEFAULT_LIMIT must not exceed AUDIT_LOG_MAX_LIMIT/);
  });
  it('reads presence and typing timeouts, and refuses a lease a heartbeat could fall through', () => {
    expect(loadConfig({}).presence).toEqual({ awayAfterMs: 300_000, leaseMs: 30_000, typingTtlMs: 5_000 });
    expect(loadConfig({ PRESENCE_LEASE_SECONDS: '45', TYPING_TTL_SECONDS: '3' }).presence).toMatchObject({ leaseMs: 45_000, typingTtlMs: 3_000 });
    expect(() => loadConfig({ PRESENCE_LEASE_SECONDS: '15' })).toThrow(/PRESENCE_LEASE_SECONDS/);
    expect(() => loadConfig({ TYPING_TTL_SECONDS: '0' })).toThrow(/TYPING_TTL_SECONDS/);
  });
  it('reads the load-shedding thresholds, 0 turning a signal off, and refuses backpressure below shedding', () => {
    expect(loadConfig({}).load).toEqual({
      sampleMs: 1_000,
      windowMs: 5_000,
      recoveryMs: 10_000,
      shedLoopPercent: 90,
      shedEventLagMs: 10_000,
      shedProbeMs: 1_000,
      backpressureLoopPercent: 98,
      backpressureSendQueue: 5_000,
      receipts: { perSecond: 1_000, minIntervalMs: 1_000, maxIntervalMs: 30_000 },
    });
    expect(loadConfig({ LOAD_SHED_LOOP_PERCENT: '0', LOAD_BACKPRESSURE_SEND_QUEUE: '0' }).load).toMatchObject({ shedLoopPercent: 0, backpressureSendQueue: 0 });
    expect(() => loadConfig({ LOAD_SHED_LOOP_PERCENT: '101' })).toThrow(/LOAD_SHED_LOOP_PERCENT/);
    expect(() => loadConfig({ LOAD_SHED_LOOP_PERCENT: '95', LOAD_BACKPRESSURE_LOOP_PERCENT: '90' })).toThrow(/LOAD_BACKPRESSURE_LOOP_PERCENT must not be below/);
    expect(() => loadConfig({ LOAD_SAMPLE_MS: '2000', LOAD_WINDOW_MS: '1000' })).toThrow(/LOAD_SAMPLE_MS must not exceed LOAD_WINDOW_MS/);
  });
  it('reads the receipt pacing, 0 receipts a second turning it off, and refuses a max interval below the min', () => {
    expect(loadConfig({ RECEIPTS_PER_SECOND_PER_NODE: '0', RECEIPT_INTERVAL_MIN_MS: '500', RECEIPT_INTERVAL_MAX_MS: '500' }).load.receipts).toEqual({ perSecond: 0, minIntervalMs: 500, maxIntervalMs: 500 });
    expect(() => loadConfig({ RECEIPTS_PER_SECOND_PER_NODE: '-1' })).toThrow(/RECEIPTS_PER_SECOND_PER_NODE/);
    expect(() => loadConfig({ RECEIPT_INTERVAL_MIN_MS: '99' })).toThrow(/RECEIPT_INTERVAL_MIN_MS/);
    expect(() => loadConfig({ RECEIPT_INTERVAL_MIN_MS: '2000', RECEIPT_INTERVAL_MAX_MS: '1000' })).toThrow(/RECEIPT_INTERVAL_MIN_MS must not exceed RECEIPT_INTERVAL_MAX_MS/);
  });
  it('keeps messages and their tombstones forever unless a retention policy is set', () => {
    expect(loadConfig({}).retention).toEqual({ messageDays: 0, purgeAfterDays: 0 });
    expect(loadConfig({ MESSAGE_RETENTION_DAYS: '90', MESSAGE_PURGE_AFTER_DAYS: '7' }).retention).toEqual({ messageDays: 90, purgeAfterDays: 7 });
    expect(() => loadConfig({ MESSAGE_RETENTION_DAYS: '-1' })).toThrow(/MESSAGE_RETENTION_DAYS/);
  });
  it('reads the people search page, and refuses a default larger than the maximum', () => {
    expect(loadConfig({}).limits).toMatchObject({ userSearchDefaultLimit: 10, userSearchMaxLimit: 50 });
    expect(() => loadConfig({ USER_SEARCH_DEFAULT_LIMIT: '51' })).toThrow(/USER_SEARCH_DEFAULT_LIMIT must not exceed USER_SEARCH_MAX_LIMIT/);
  });
  it('reads the business limits, and refuses a default inbox or search page larger than the maximum', () => {
    expect(loadConfig({}).businesses).toEqual({ agentsMax: 100, inboxDefaultLimit: 50, inboxMaxLimit: 200, searchDefaultLimit: 20, searchMaxLimit: 100, routingIntervalMs: 60_000, activeConversationHours: 24 });
    expect(loadConfig({ BUSINESS_ROUTING_INTERVAL_SECONDS: '0', BUSINESS_ACTIVE_CONVERSATION_HOURS: '72' }).businesses).toMatchObject({ routingIntervalMs: 0, activeConversationHours: 72 });
    expect(loadConfig({ BUSINESS_ACTIVE_CONVERSATION_HOURS: '0' }).businesses.activeConversationHours).toBe(0);
    expect(() => loadConfig({ BUSINESS_ACTIVE_CONVERSATION_HOURS: '-1' })).toThrow(/BUSINESS_ACTIVE_CONVERSATION_HOURS/);
    expect(() => loadConfig({ BUSINESS_INBOX_DEFAULT_LIMIT: '201' })).toThrow(/BUSINESS_INBOX_DEFAULT_LIMIT must not exceed BUSINESS_INBOX_MAX_LIMIT/);
    expect(() => loadConfig({ BUSINESS_SEARCH_DEFAULT_LIMIT: '11', BUSINESS_SEARCH_MAX_LIMIT: '10' })).toThrow(/BUSINESS_SEARCH_DEFAULT_LIMIT must not exceed BUSINESS_SEARCH_MAX_LIMIT/);
    expect(() => loadConfig({ BUSINESS_AGENTS_MAX: '0' })).toThrow(/BUSINESS_AGENTS_MAX/);
  });
  it('reads the notification settings: delays, backoff, push keys in pairs, mail server', () => {
    const defaults = loadConfig({}).notifications;
    expect(defaults).toMatchObject({ delayMs: 10_000, maxAttempts: 8, retryBaseMs: 30_000, retryMaxMs: 3_600_000, previewChars: 140 });
    expect(defaults.push).toMatchObject({ vapidPublicKey: null, subscriptionsMax: 10, allowHttpEndpoints: false });
    expect(defaults.email.smtpUrl).toBeNull();
    expect(() => loadConfig({ VAPID_PUBLIC_KEY: 'B'.repeat(87) })).toThrow(/VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY go together/);
    expect(() => loadConfig({ VAPID_PUBLIC_KEY: 'abc', VAPID_PRIVATE_KEY: 'def' })).toThrow(/VAPID_PUBLIC_KEY must be an uncompressed P-256 public key/);
    expect(() => loadConfig({ NOTIFICATION_RETRY_BASE_MS: '5000', NOTIFICATION_RETRY_MAX_MS: '1000' })).toThrow(/NOTIFICATION_RETRY_BASE_MS must not exceed/);
    expect(() => loadConfig({ SMTP_URL: 'http://mail.example.com' })).toThrow(/SMTP_URL/);
    expect(() => loadConfig({ VAPID_SUBJECT: 'ops@example.com' })).toThrow(/VAPID_SUBJECT/);
    expect(loadConfig({ SMTP_URL: 'smtps://u:p@mail.example.com:465' }).notifications.email.smtpUrl).toBe('smtps://u:p@mail.example.com:465');
  });
  it('reads how long an email verification code holds and how many one user may have mailed an hour', () => {
    expect(loadConfig({}).notifications.email).toMatchObject({ codeTtlMinutes: 30, codesPerHour: 5 });
    expect(loadConfig({ NOTIFICATION_EMAIL_CODE_TTL_MINUTES: '10', NOTIFICATION_EMAIL_CODES_PER_HOUR: '2' }).notifications.email).toMatchObject({ codeTtlMinutes: 10, codesPerHour: 2 });
    expect(() => loadConfig({ NOTIFICATION_EMAIL_CODE_TTL_MINUTES: '0' })).toThrow(/NOTIFICATION_EMAIL_CODE_TTL_MINUTES/);
    expect(() => loadConfig({ NOTIFICATION_EMAIL_CODES_PER_HOUR: 'many' })).toThrow(/NOTIFICATION_EMAIL_CODES_PER_HOUR/);
  });
  it('refuses a default page larger than the maximum page', () => {
    expect(() => loadConfig({ HISTORY_DEFAULT_LIMIT: '600' })).toThrow(/HISTORY_DEFAULT_LIMIT/);
  });
  it('reads the search limits, and refuses a default search page larger than the maximum', () => {
    expect(loadConfig({}).search).toEqual({ queryMaxChars: 200, defaultLimit: 20, maxLimit: 100, maxConversations: 1000, statementTimeoutMs: 5_000, backfillBatchSize: 500 });
    const config = loadConfig({ SEARCH_QUERY_MAX_CHARS: '50', SEARCH_DEFAULT_LIMIT: '5', SEARCH_MAX_LIMIT: '10', SEARCH_MAX_CONVERSATIONS: '7', SEARCH_STATEMENT_TIMEOUT_MS: '250', SEARCH_BACKFILL_BATCH_SIZE: '3' });
    expect(config.search).toEqual({ queryMaxChars: 50, defaultLimit: 5, maxLimit: 10, maxConversations: 7, statementTimeoutMs: 250, backfillBatchSize: 3 });
    expect(() => loadConfig({ SEARCH_DEFAULT_LIMIT: '101' })).toThrow(/SEARCH_DEFAULT_LIMIT must not exceed SEARCH_MAX_LIMIT/);
    expect(() => loadConfig({ SEARCH_MAX_CONVERSATIONS: '0' })).toThrow(/SEARCH_MAX_CONVERSATIONS/);
    expect(() => loadConfig({ SEARCH_STATEMENT_TIMEOUT_MS: '0' })).toThrow(/SEARCH_STATEMENT_TIMEOUT_MS/);
    expect(() => loadConfig({ SEARCH_BACKFILL_BATCH_SIZE: '10001' })).toThrow(/SEARCH_BACKFILL_BATCH_SIZE/);
  });

  it('keeps every distributed adapter off until its URL is configured', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ kafka: null, redis: null, elasticsearch: null, services: { commandUrl: null, queryUrl: null, token: null } });
    expect(config.outbox).toMatchObject({ shards: 8, batchLingerMs: 50 });
    expect(config.telemetry.otlpTracesEndpoint).toBeNull();
  });
  it('reads the engines of the distributed mode from their URLs', () => {
    const config = loadConfig({
      KAFKA_BROKERS: '127.0.0.1:59092, kafka-1:9092',
      KAFKA_TOPIC_PREFIX: 'run-42',
      REDIS_URL: 'redis://127.0.0.1:56379',
      ELASTICSEARCH_URL: 'http://127.0.0.1:59200/',
      OUTBOX_SHARDS: '4',
      NODE_ID: 'gateway-a',
    });
    expect(config.kafka).toMatchObject({ brokers: ['127.0.0.1:59092', 'kafka-1:9092'], topicPrefix: 'run-42', partitions: 6, sessionTimeoutMs: 10_000 });
    expect(config.redis).toMatchObject({ url: 'redis://127.0.0.1:56379', keyPrefix: 'chat' });
    expect(config.elasticsearch).toEqual({ url: 'http://127.0.0.1:59200', indexPrefix: 'chat' });
    // Frames travel through the bus here, so the relay does not hold batches back by default.
    expect(config.outbox).toMatchObject({ shards: 4, batchLingerMs: 0 });
    expect(loadConfig({ REDIS_URL: 'redis://127.0.0.1:56379', OUTBOX_BATCH_LINGER_MS: '5' }).outbox.batchLingerMs).toBe(5);
    expect(() => loadConfig({ OUTBOX_BATCH_LINGER_MS: '1001' })).toThrow(/OUTBOX_BATCH_LINGER_MS/);
    expect(config.nodeId).toBe('gateway-a');
  });
  it('reads a Redis Cluster from its seed nodes instead of REDIS_URL', () => {
    const config = loadConfig({ REDIS_CLUSTER_NODES: '10.0.0.1:7000, redis-b.svc:7001', REDIS_PASSWORD: 's3cret', REDIS_KEY_PREFIX: 'run-1' });
    expect(config.redis).toEqual({
      url: null,
      clusterNodes: [
        { host: '10.0.0.1', port: 7000 },
        { host: 'redis-b.svc', port: 7001 },
      ],
      password: 's3cret',
      keyPrefix: 'run-1',
      appliedEventTtlSeconds: 86_400,
      minMemoryMb: 256,
    });
    expect(loadConfig({ REDIS_URL: 'redis://:pw@127.0.0.1:56379', REDIS_MIN_MEMORY_MB: '0' }).redis).toMatchObject({ url: 'redis://:pw@127.0.0.1:56379', clusterNodes: null, password: null, minMemoryMb: 0 });
    // Redis in either form counts as a bus between nodes: the relay stops holding batches back.
    expect(loadConfig({ REDIS_CLUSTER_NODES: '127.0.0.1:7000' }).outbox.batchLingerMs).toBe(0);
  });
  it('refuses a login challenge that would only come after the address lock', () => {
    expect(() => loadConfig({ LOGIN_FAILURES_MAX: '3', LOGIN_CHALLENGE_AFTER_FAILURES: '3' })).toThrow(/LOGIN_CHALLENGE_AFTER_FAILURES must be below LOGIN_FAILURES_MAX/);
    expect(loadConfig({ LOGIN_FAILURES_MAX: '3', LOGIN_CHALLENGE_AFTER_FAILURES: '0' }).auth.loginChallengeAfterFailures).toBe(0);
    expect(() => loadConfig({ LOGIN_CHALLENGE_BITS: '25' })).toThrow(/LOGIN_CHALLENGE_BITS/);
  });
  it('refuses both Redis forms at once, malformed seed nodes, and REDIS_PASSWORD beside REDIS_URL', () => {
    expect(() => loadConfig({ REDIS_URL: 'redis://127.0.0.1:56379', REDIS_CLUSTER_NODES: '127.0.0.1:7000' })).toThrow(/REDIS_URL and REDIS_CLUSTER_NODES are both set/);
    expect(() => loadConfig({ REDIS_CLUSTER_NODES: '127.0.0.1' })).toThrow(/REDIS_CLUSTER_NODES must be host:port/);
    expect(() => loadConfig({ REDIS_CLUSTER_NODES: 'redis://127.0.0.1:7000' })).toThrow(/REDIS_CLUSTER_NODES/);
    expect(() => loadConfig({ REDIS_URL: 'redis://127.0.0.1:56379', REDIS_PASSWORD: 'pw' })).toThrow(/REDIS_PASSWORD is only read with REDIS_CLUSTER_NODES/);
    expect(() => loadConfig({ REDIS_PASSWORD: 'pw' })).toThrow(/REDIS_PASSWORD/);
  });
  it('forwards a gateway to command and query only together and only with a service token', () => {
    expect(() => loadConfig({ COMMAND_URL: 'http://command:3000' })).toThrow(/COMMAND_URL and QUERY_URL/);
    expect(() => loadConfig({ COMMAND_URL: 'http://command:3000', QUERY_URL: 'http://query:3000' })).toThrow(/SERVICE_TOKEN/);
    const config = loadConfig({ COMMAND_URL: 'http://command:3000/', QUERY_URL: 'http://query:3000', SERVICE_TOKEN: 't'.repeat(32) });
    expect(config.services).toMatchObject({ commandUrl: 'http://command:3000', queryUrl: 'http://query:3000', token: 't'.repeat(32) });
  });
  it('refuses a JWT_SECRET or SERVICE_TOKEN shorter than 32 characters, never showing it', () => {
    for (const [name, env] of [
      ['JWT_SECRET', { DATABASE_URL: 'postgres://x/y', JWT_SECRET: 'change-me-jwt-secret' }],
      ['SERVICE_TOKEN', { COMMAND_URL: 'http://command:3000', QUERY_URL: 'http://query:3000', SERVICE_TOKEN: 'change-me-service-token' }],
    ] as const) {
      expect(() => loadConfig(env)).toThrow(`${name} must be at least 32 characters`);
      expect(() => loadConfig(env)).not.toThrow(/change-me/);
    }
  });
  it('names malformed engine settings', () => {
    try {
      loadConfig({ KAFKA_BROKERS: 'nohost', REDIS_URL: 'http://x', ELASTICSEARCH_URL: 'not a url', KAFKA_TOPIC_PREFIX: 'Bad Prefix', OTEL_TRACES_SAMPLE_RATIO: '2' });
      fail('expected a ConfigError');
    } catch (err) {
      const message = (err as Error).message;
      for (const name of ['KAFKA_BROKERS', 'REDIS_URL', 'ELASTICSEARCH_URL', 'KAFKA_TOPIC_PREFIX', 'OTEL_TRACES_SAMPLE_RATIO']) expect(message).toContain(name);
    }
  });
  it('lists every variable it reads, for the deployment manifests to be checked against', () => {
    const names = configVariableNames();
    for (const name of ['DATABASE_URL', 'KAFKA_BROKERS', 'REDIS_URL', 'REDIS_CLUSTER_NODES', 'REDIS_PASSWORD', 'ELASTICSEARCH_URL', 'COMMAND_URL', 'QUERY_URL', 'SERVICE_TOKEN', 'OUTBOX_SHARDS', 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT']) {
      expect(names).toContain(name);
    }
  });
});
