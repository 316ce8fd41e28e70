import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The process's Prometheus registry and the product's own series. */
@Injectable()
export class Metrics {
  readonly registry = new Registry();

  readonly httpRequests = new Counter({
    name: 'chat_http_requests_total',
    help: 'HTTP requests by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });

  readonly httpDuration = new Histogram({
    name: 'chat_http_request_duration_seconds',
    help: 'HTTP request duration',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  readonly socketConnections = new Gauge({ name: 'chat_socket_connections', help: 'Open Socket.IO connections', registers: [this.registry] });

  readonly socketEvents = new Counter({
    name: 'chat_socket_events_total',
    help: 'Socket.IO client events by name and outcome',
    labelNames: ['event', 'outcome'] as const,
    registers: [this.registry],
  });

  /** From a client event's arrival in its handler to its ack: what the server itself adds to a send's latency. */
  readonly socketEventDuration = new Histogram({
    name: 'chat_socket_event_duration_seconds',
    help: 'Socket.IO client events from handler start to ack, by name and outcome',
    labelNames: ['event', 'outcome'] as const,
    buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  readonly messagesSent = new Counter({ name: 'chat_messages_sent_total', help: 'Messages persisted (not counting idempotent replays)', registers: [this.registry] });

  /** Bodies the content policy refused, by the rule that did (blocked-term, moderation-service). */
  readonly contentPolicyRefusals = new Counter({
    name: 'chat_content_policy_refusals_total',
    help: 'Message bodies refused by the content policy, by rule',
    labelNames: ['rule'] as const,
    registers: [this.registry],
  });

  /** Moderation service calls that failed, timed out or answered nonsense; CONTENT_MODERATION_FAIL_OPEN decides what became of the message. */
  readonly contentModerationFailures = new Counter({
    name: 'chat_content_moderation_failures_total',
    help: 'Calls to the content moderation service (CONTENT_MODERATION_URL) that got no usable verdict',
    registers: [this.registry],
  });

  /** Reads that could go to a read replica (DATABASE_REPLICA_URLS), by where they went: `replica`, or the primary because it was `behind` or `unavailable`. */
  readonly replicaReads = new Counter({
    name: 'chat_db_replica_reads_total',
    help: 'Reads offered to a read replica, by outcome (replica, behind, unavailable: the last two read the primary)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly outboxPending = new Gauge({ name: 'chat_outbox_pending', help: 'Outbox rows not yet published', registers: [this.registry] });

  readonly outboxLagSeconds = new Gauge({
    name: 'chat_outbox_lag_seconds',
    help: 'Age of the oldest unpublished outbox row at the last relay pass',
    registers: [this.registry],
  });

  /** 0 normal, 1 shedding, 2 backpressure (see LoadMonitor). */
  readonly loadLevel = new Gauge({ name: 'chat_load_level', help: 'Load level: 0 normal, 1 shedding typing and reactions, 2 also refusing new messages', registers: [this.registry] });

  readonly receiptIntervalMs = new Gauge({ name: 'chat_receipt_interval_ms', help: 'Least time this node asks its clients to leave between two receipts for one conversation (server.status)', registers: [this.registry] });

  readonly loadRefusals = new Counter({
    name: 'chat_load_refusals_total',
    help: 'Requests refused for load: the load level pauses their feature, or (messages) the oldest queued send has waited SEND_QUEUE_WAIT_MAX_MS',
    labelNames: ['feature'] as const,
    registers: [this.registry],
  });

  readonly eventsPublished = new Counter({ name: 'chat_events_published_total', help: 'Events the outbox relay published', registers: [this.registry] });

  /** Events a consumer group gave up on after CONSUMER_MAX_ATTEMPTS tries and set aside (consumer_dead_letters). */
  readonly consumerDeadLetters = new Counter({
    name: 'chat_consumer_dead_letters_total',
    help: 'Events set aside as dead letters by consumer group',
    labelNames: ['group'] as const,
    registers: [this.registry],
  });

  /** Per handled batch, from its oldest event's occurredAt (its commit) until the consumer group has handled it: how far search, read models and fan-out trail the writes. */
  readonly consumerLagSeconds = new Histogram({
    name: 'chat_consumer_lag_seconds',
    help: 'Time from the oldest event of a handled batch occurring to its consumer group having handled the batch, by group',
    labelNames: ['group'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    for (const name of PER_HANDLE_DEFAULT_METRICS) this.registry.removeSingleMetric(name);
  }
}

/**
 * Default metrics that walk every open handle on each scrape (a readdir of /proc/self/fd, a list of
 * every handle or resource), synchronously: with 3,000 sockets a scrape held the event loop for
 * 15-27 ms, growing with every connection a gateway holds. chat_socket_connections counts sockets.
 */
export const PER_HANDLE_DEFAULT_METRICS = ['process_open_fds', 'nodejs_active_handles', 'nodejs_active_handles_total', 'nodejs_active_resources', 'nodejs_active_resources_total'];
