import type { TargetName } from '../cli/args';
import { kb, mb, ms, num, pct, times } from '../report/format';
import { markdownTable } from '../report/markdown';
import { ratio } from '../report/stats';
import type { StepFigures } from './load-session';

/** Problems in a step: any of them means the step did not sustain its load. */
export function stepErrors(f: StepFigures['load']): number {
  return f.ackErrors + f.skipped + f.disconnects + f.reorders + f.gaps;
}

/** A step is clean when nothing failed and (nearly) every expected frame arrived. */
export function isClean(f: StepFigures['load'], minDeliveryRatio = 0.999): boolean {
  return stepErrors(f) === 0 && f.deliveryRatio >= minDeliveryRatio;
}

interface Row {
  label: string;
  value: (s: StepFigures) => number | null;
  format: (v: number | null) => string;
  /** Show ours / baseline in the ratio column. */
  ratio?: boolean;
  /** A cell richer than one formatted value. */
  render?: (s: StepFigures) => string;
}

const ROWS: Row[] = [
  { label: 'send rate asked (msg/s)', value: (s) => s.load.targetRate, format: (v) => num(v) },
  { label: 'acks/s (ours: persisted)', value: (s) => s.load.ackedPerSec, format: (v) => num(v), ratio: true },
  { label: 'deliveries/s', value: (s) => s.load.deliveredPerSec, format: (v) => num(v), ratio: true },
  { label: 'delivered / expected', value: (s) => s.load.deliveryRatio * 100, format: (v) => pct(v, 2) },
  { label: 'delivery latency p50', value: (s) => s.load.deliveryLatency.p50, format: ms, ratio: true },
  { label: 'delivery latency p95', value: (s) => s.load.deliveryLatency.p95, format: ms, ratio: true },
  { label: 'delivery latency p99', value: (s) => s.load.deliveryLatency.p99, format: ms, ratio: true },
  { label: 'delivery latency p99.9', value: (s) => s.load.deliveryLatency.p999, format: ms, ratio: true },
  { label: 'delivery latency max', value: (s) => s.load.deliveryLatency.max, format: ms, ratio: true },
  { label: 'ack latency p50', value: (s) => s.load.ackLatency.p50, format: ms, ratio: true },
  { label: 'ack latency p99', value: (s) => s.load.ackLatency.p99, format: ms, ratio: true },
  { label: "server's own send handling p50 / p99 (handler → ack)", value: (s) => s.metrics?.sendHandledP99Ms ?? null, format: ms, render: (s) => `${ms(s.metrics?.sendHandledP50Ms ?? null)} / ${ms(s.metrics?.sendHandledP99Ms ?? null)}` },
  { label: 'server event-loop delay p99 / max', value: (s) => s.metrics?.eventLoopDelayMaxMs ?? null, format: ms, render: (s) => `${ms(s.metrics?.eventLoopDelayP99Ms ?? null)} / ${ms(s.metrics?.eventLoopDelayMaxMs ?? null)}` },
  {
    label: 'server GC pauses per s (ms of pause per s)',
    value: (s) => s.metrics?.gcPausesPerSec ?? null,
    format: (v) => num(v, 1),
    render: (s) => (s.metrics ? `${num(s.metrics.gcPausesPerSec, 1)} (${num(s.metrics.gcPauseMsPerSec, 1)} ms)` : num(null)),
  },
  { label: "server's message frames sent at the commit (not by the relay)", value: (s) => (s.metrics?.framesAtCommitShare == null ? null : s.metrics.framesAtCommitShare * 100), format: (v) => pct(v, 1) },
  { label: 'errors (ack, skipped, disconnect, order)', value: (s) => stepErrors(s.load), format: (v) => num(v) },
  {
    label: 'other frames received (presence, …)',
    value: (s) => s.load.otherFrames,
    format: (v) => num(v),
    render: (s) => (s.load.otherFrames ? `${num(s.load.otherFrames)} (${Object.entries(s.load.otherFramesByEvent).map(([e, n]) => `${e} ${num(n)}`).join(', ')})` : '0'),
  },
  { label: 'heartbeats sent (failed)', value: (s) => s.load.heartbeats, format: (v) => num(v), render: (s) => `${num(s.load.heartbeats)} (${num(s.load.heartbeatErrors)})` },
  { label: 'delivery acknowledgements sent (`--delivery-acks`)', value: (s) => s.load.deliveryAcksSent, format: (v) => num(v) },
  { label: 'server CPU, node (% of a core)', value: (s) => s.server?.nodeCpuPct ?? null, format: (v) => pct(v), ratio: true },
  { label: "server's main thread waiting for a CPU (% of the window)", value: (s) => s.server?.nodeRunQueueWaitPct ?? null, format: (v) => pct(v), ratio: true },
  { label: 'server CPU, node + Postgres', value: (s) => s.server?.treeCpuPct ?? null, format: (v) => pct(v), ratio: true },
  { label: 'server RSS, node (end / max)', value: (s) => s.server?.nodeRssBytes ?? null, format: mb, ratio: true, render: (s) => (s.server ? `${mb(s.server.nodeRssBytes)} / ${mb(s.server.nodeRssMaxBytes)}` : mb(null)) },
  { label: 'server memory, node + Postgres (PSS)', value: (s) => s.server?.treePssBytes ?? null, format: mb, ratio: true },
  { label: 'server RSS per connection (under load)', value: (s) => s.rssPerConnectionBytes, format: kb, ratio: true },
  { label: 'Postgres commits/s', value: (s) => s.db?.commitsPerSec ?? null, format: (v) => num(v) },
  { label: 'Postgres commits per message', value: (s) => perMessage(s, s.db?.commitsPerSec), format: (v) => num(v, 1) },
  { label: 'Postgres rows written per message', value: (s) => perMessage(s, s.db?.rowsWrittenPerSec), format: (v) => num(v, 1) },
  { label: 'load generator CPU (all workers)', value: (s) => s.loadgen?.treeCpuPct ?? null, format: (v) => pct(v) },
  { label: 'whole machine CPU (others included)', value: (s) => s.server?.machineCpuPct ?? null, format: (v) => pct(v) },
  { label: '… of it taken by the hypervisor (steal)', value: (s) => s.server?.machineStealPct ?? null, format: (v) => pct(v) },
];

function perMessage(s: StepFigures, perSec: number | null | undefined): number | null {
  return perSec === null || perSec === undefined || s.load.ackedPerSec === 0 ? null : perSec / s.load.ackedPerSec;
}

/** Where Postgres' work goes, per message acked: the busiest tables first. */
export function dbTable(s: StepFigures, top = 10): string | null {
  if (!s.db || s.load.ackedPerSec === 0) return null;
  const per = (x: number) => num(x / s.load.ackedPerSec, 2);
  return markdownTable(
    ['table (per message acked)', 'index scans', 'seq scans', 'inserted', 'updated', 'deleted'],
    s.db.tables.slice(0, top).map((t) => [t.name, per(t.idxScan), per(t.seqScan), per(t.inserted), per(t.updated), per(t.deleted)]),
  );
}

/** Metric rows, one column per target, plus each other target ÷ the baseline when the baseline ran. */
export function fanoutTable(results: Partial<Record<TargetName, StepFigures>>): string {
  const names = (Object.keys(results) as TargetName[]).filter((n) => results[n]);
  const compared = results.baseline ? names.filter((n) => n !== 'baseline') : [];
  const headers = ['metric', ...names, ...compared.map((n) => `${n} ÷ baseline`)];
  const rows = ROWS.map((row) => {
    const cells = names.map((n) => (row.render ? row.render(results[n]!) : row.format(row.value(results[n]!))));
    for (const n of compared) cells.push(row.ratio ? times(ratio(row.value(results[n]!), row.value(results.baseline!))) : '');
    return [row.label, ...cells];
  });
  return markdownTable(headers, rows);
}
