import type { EnvReader } from './env-reader';

/**
 * Load shedding and backpressure (@chat/platform load/). A threshold of 0 turns its signal off.
 * Shedding pauses what a chat can do without (typing indicators, reactions); backpressure also
 * refuses new messages with 503 and Retry-After, before the node is saturated, so senders retry
 * later instead of waiting on a queue that only grows.
 */
export interface LoadConfig {
  /** LOAD_SAMPLE_MS: how often the signals are read. */
  sampleMs: number;
  /** LOAD_WINDOW_MS: the event loop's utilization is averaged over this long. */
  windowMs: number;
  /** LOAD_RECOVERY_MS: a level is left only once its causes have been clear this long (no flapping). */
  recoveryMs: number;
  /** LOAD_SHED_LOOP_PERCENT: event loop busy this share of the window (percent) or more → shed. */
  shedLoopPercent: number;
  /** LOAD_SHED_EVENT_LAG_MS: events waiting this long for the bus (Kafka, or the embedded bus's consumers) → shed. */
  shedEventLagMs: number;
  /** LOAD_SHED_PROBE_MS: a shared-state dependency (Redis) answering its probe slower than this, or not at all → shed. */
  shedProbeMs: number;
  /** LOAD_BACKPRESSURE_LOOP_PERCENT: event loop busy this share of the window or more, once shedding has had a whole window → refuse new messages too. */
  backpressureLoopPercent: number;
  /** LOAD_BACKPRESSURE_SEND_QUEUE: this many sends waiting for their statement → refuse new messages too. */
  backpressureSendQueue: number;
  /** Receipt pacing: the interval a node asks its clients to leave between receipts (see ReceiptPacer). */
  receipts: ReceiptPacingConfig;
}

export interface ReceiptPacingConfig {
  /** RECEIPTS_PER_SECOND_PER_NODE: receipts one node's sockets may send per second together, each acknowledging about once per interval; 0: no pacing (the least interval always). */
  perSecond: number;
  /** RECEIPT_INTERVAL_MIN_MS: the interval asked of clients on a node whose sockets send few receipts (the clients' own default). */
  minIntervalMs: number;
  /** RECEIPT_INTERVAL_MAX_MS: the longest interval asked, however many receipts come (they show at most this late). */
  maxIntervalMs: number;
}

export function readLoad(r: EnvReader): LoadConfig {
  const config: LoadConfig = {
    sampleMs: r.int('LOAD_SAMPLE_MS', 1_000, 50, 60_000),
    windowMs: r.int('LOAD_WINDOW_MS', 5_000, 50, 600_000),
    recoveryMs: r.int('LOAD_RECOVERY_MS', 10_000, 0, 3_600_000),
    shedLoopPercent: r.int('LOAD_SHED_LOOP_PERCENT', 90, 0, 100),
    shedEventLagMs: r.int('LOAD_SHED_EVENT_LAG_MS', 10_000, 0, 3_600_000),
    shedProbeMs: r.int('LOAD_SHED_PROBE_MS', 1_000, 0, 60_000),
    backpressureLoopPercent: r.int('LOAD_BACKPRESSURE_LOOP_PERCENT', 98, 0, 100),
    backpressureSendQueue: r.int('LOAD_BACKPRESSURE_SEND_QUEUE', 5_000, 0, 10_000_000),
    receipts: {
      perSecond: r.int('RECEIPTS_PER_SECOND_PER_NODE', 1_000, 0, 10_000_000),
      minIntervalMs: r.int('RECEIPT_INTERVAL_MIN_MS', 1_000, 100, 600_000),
      maxIntervalMs: r.int('RECEIPT_INTERVAL_MAX_MS', 30_000, 100, 3_600_000),
    },
  };
  r.atMost('RECEIPT_INTERVAL_MIN_MS', config.receipts.minIntervalMs, 'RECEIPT_INTERVAL_MAX_MS', config.receipts.maxIntervalMs);
  r.atMost('LOAD_SAMPLE_MS', config.sampleMs, 'LOAD_WINDOW_MS', config.windowMs);
  if (config.shedLoopPercent > 0 && config.backpressureLoopPercent > 0 && config.backpressureLoopPercent < config.shedLoopPercent) {
    r.problems.push('LOAD_BACKPRESSURE_LOOP_PERCENT must not be below LOAD_SHED_LOOP_PERCENT');
  }
  return config;
}
