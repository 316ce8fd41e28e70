/**
 * Our server's own view of a measured window, from the Prometheus series it serves at `/metrics`:
 * how long its handler took to answer `message.send`, how late its event loop ran, and how often
 * V8 paused it to collect garbage. Set beside the latency the clients measured, it tells the
 * server's own share of that latency from what happened around it (the event loop's queue, the
 * kernel, the clients).
 */

/** One sample line of the Prometheus text format. */
export interface PromSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The series we read, at one instant, over every URL of a target (a split deployment has several gateways). */
export interface MetricsSnapshot {
  at: number;
  /** `message.send` answered ok: cumulative count per bucket upper bound (seconds, +Inf included), summed over the URLs. */
  sendBuckets: [number, number][];
  /**
   * Event-loop delay since the previous scrape, worst over the URLs: prom-client restarts its
   * monitor at each collect, so a scrape at the window's start makes the one at its end cover the
   * window. Null when a URL does not report it.
   */
  eventLoopDelayP99S: number | null;
  eventLoopDelayMaxS: number | null;
  /** Garbage collections and their total pause (cumulative, all kinds, summed over the URLs). */
  gcCount: number;
  gcSeconds: number;
  /** `message.created` broadcasts emitted at the send's commit and from the outbox relay (cumulative, summed over the URLs). */
  framesAtCommit: number;
  framesFromRelay: number;
}

/** What the server reported over a window. */
export interface ServerMetricsActivity {
  /** `message.send` from handler start to ack, estimated from the histogram's buckets like Prometheus' histogram_quantile. */
  sendHandledP50Ms: number | null;
  sendHandledP99Ms: number | null;
  eventLoopDelayP99Ms: number | null;
  eventLoopDelayMaxMs: number | null;
  gcPausesPerSec: number;
  /** Milliseconds of garbage-collection pause per second of wall clock. */
  gcPauseMsPerSec: number;
  /**
   * Share of the window's `message.created` broadcasts that left at their send's commit rather than
   * a relay pass later (the relay's linger and batching are then in the latency). Null without any.
   */
  framesAtCommitShare: number | null;
}

const SEND_DURATION = 'chat_socket_event_duration_seconds_bucket';
const MESSAGE_FRAMES = 'chat_message_frames_total';

/** Parses the lines of the Prometheus text exposition format that carry a sample (comments and blanks skipped). */
export function parsePrometheus(text: string): PromSample[] {
  const samples: PromSample[] = [];
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!m) continue;
    const labels: Record<string, string> = {};
    for (const [, key, value] of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[key] = value;
    samples.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return samples;
}

/** The snapshot of one scrape per URL. */
export function snapshotOf(at: number, scrapes: readonly string[]): MetricsSnapshot {
  const buckets = new Map<number, number>();
  const delays = { p99: [] as number[], max: [] as number[] };
  let gcCount = 0;
  let gcSeconds = 0;
  const frames = { commit: 0, relay: 0 };
  for (const text of scrapes) {
    for (const s of parsePrometheus(text)) {
      if (s.name === SEND_DURATION && s.labels.event === 'message.send' && s.labels.outcome === 'ok') {
        const le = s.labels.le === '+Inf' ? Infinity : Number(s.labels.le);
        buckets.set(le, (buckets.get(le) ?? 0) + s.value);
      } else if (s.name === 'nodejs_eventloop_lag_p99_seconds') delays.p99.push(s.value);
      else if (s.name === 'nodejs_eventloop_lag_max_seconds') delays.max.push(s.value);
      else if (s.name === 'nodejs_gc_duration_seconds_count') gcCount += s.value;
      else if (s.name === 'nodejs_gc_duration_seconds_sum') gcSeconds += s.value;
      else if (s.name === MESSAGE_FRAMES && (s.labels.path === 'commit' || s.labels.path === 'relay')) frames[s.labels.path] += s.value;
    }
  }
  const worst = (values: number[]) => (values.length === scrapes.length && values.length > 0 ? Math.max(...values) : null);
  return { at, sendBuckets: [...buckets].sort((a, b) => a[0] - b[0]), eventLoopDelayP99S: worst(delays.p99), eventLoopDelayMaxS: worst(delays.max), gcCount, gcSeconds, framesAtCommit: frames.commit, framesFromRelay: frames.relay };
}

/** Scrapes `/metrics` of every URL at once. */
export async function readMetricsSnapshot(urls: readonly string[]): Promise<MetricsSnapshot> {
  const at = Date.now();
  const scrapes = await Promise.all(
    urls.map(async (url) => {
      const res = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(10_000) });
      if (!res.ok) throw new Error(`GET ${url}/metrics answered ${res.status}`);
      return res.text();
    }),
  );
  return snapshotOf(at, scrapes);
}

/**
 * The q-quantile of a cumulative histogram ([upper bound, count ≤ bound], ascending, +Inf last),
 * interpolated linearly inside the bucket it falls in, as Prometheus' histogram_quantile does. A
 * quantile in the +Inf bucket answers the highest finite bound. Null without observations.
 */
export function histogramQuantile(buckets: readonly [number, number][], q: number): number | null {
  const total = buckets.at(-1)?.[1] ?? 0;
  if (total <= 0) return null;
  const rank = q * total;
  let lowerBound = 0;
  let lowerCount = 0;
  for (const [bound, count] of buckets) {
    if (count >= rank) {
      if (!Number.isFinite(bound)) return lowerBound;
      return count === lowerCount ? bound : lowerBound + ((bound - lowerBound) * (rank - lowerCount)) / (count - lowerCount);
    }
    lowerBound = bound;
    lowerCount = count;
  }
  return lowerBound;
}

/** The window between two snapshots of the same target. */
export function serverMetricsActivity(a: MetricsSnapshot, b: MetricsSnapshot): ServerMetricsActivity {
  const seconds = Math.max(0.001, (b.at - a.at) / 1000);
  const before = new Map(a.sendBuckets);
  const window = b.sendBuckets.map(([le, count]): [number, number] => [le, count - (before.get(le) ?? 0)]);
  const ms = (s: number | null) => (s === null ? null : s * 1000);
  const atCommit = b.framesAtCommit - a.framesAtCommit;
  const frames = atCommit + b.framesFromRelay - a.framesFromRelay;
  return {
    sendHandledP50Ms: ms(histogramQuantile(window, 0.5)),
    sendHandledP99Ms: ms(histogramQuantile(window, 0.99)),
    eventLoopDelayP99Ms: ms(b.eventLoopDelayP99S),
    eventLoopDelayMaxMs: ms(b.eventLoopDelayMaxS),
    gcPausesPerSec: (b.gcCount - a.gcCount) / seconds,
    gcPauseMsPerSec: ((b.gcSeconds - a.gcSeconds) * 1000) / seconds,
    framesAtCommitShare: frames > 0 ? atCommit / frames : null,
  };
}
