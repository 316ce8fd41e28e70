import type { LatencySummary } from './latency';

/** Nearest-rank percentile of raw samples (history timings are few enough to keep them all). */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return 0;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export function summarizeSamples(samplesMs: readonly number[]): LatencySummary {
  if (samplesMs.length === 0) return { count: 0, p50: 0, p95: 0, p99: 0, p999: 0, max: 0, mean: 0 };
  const r = (x: number) => Math.round(x * 1000) / 1000;
  return {
    count: samplesMs.length,
    p50: r(percentile(samplesMs, 50)),
    p95: r(percentile(samplesMs, 95)),
    p99: r(percentile(samplesMs, 99)),
    p999: r(percentile(samplesMs, 99.9)),
    max: r(Math.max(...samplesMs)),
    mean: r(samplesMs.reduce((a, b) => a + b, 0) / samplesMs.length),
  };
}

/** ours / baseline; null when the baseline figure is zero or missing (no meaningful ratio). */
export function ratio(ours: number | null | undefined, baseline: number | null | undefined): number | null {
  if (ours === null || ours === undefined || baseline === null || baseline === undefined || baseline === 0) return null;
  return ours / baseline;
}

/** Events per second over a window, never dividing by less than the nominal window. */
export function perSecond(count: number, windowMs: number): number {
  return windowMs > 0 ? count / (windowMs / 1000) : 0;
}

/** Share of CPU time over wall time, in % of one core (200 % = both cores of a 2-core box). */
export function cpuPercent(deltaTicks: number, deltaMs: number, ticksPerSecond: number): number {
  if (deltaMs <= 0) return 0;
  return (deltaTicks / ticksPerSecond / (deltaMs / 1000)) * 100;
}

/** Server memory one connection costs: the growth of the server's RSS spread over the sockets. */
export function bytesPerConnection(rssBeforeBytes: number, rssAfterBytes: number, connections: number): number | null {
  if (connections <= 0) return null;
  return (rssAfterBytes - rssBeforeBytes) / connections;
}

/** Median: steadier than a single reading of a value (RSS) that jitters with GC. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
