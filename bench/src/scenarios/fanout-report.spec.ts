import type { LoadFigures } from '../load/load-pool';
import { fanoutTable, isClean, stepErrors } from './fanout-report';
import type { StepFigures } from './load-session';

const latency = (p99: number) => ({ count: 1000, p50: p99 / 4, p95: p99 / 2, p99, p999: p99, max: p99, mean: p99 / 4 });
const load = (over: Partial<LoadFigures> = {}): LoadFigures => ({
  targetRate: 100, durationMs: 30_000, sent: 3000, acked: 3000, ackErrors: 0, ackTimeouts: 0, skipped: 0, warmupErrors: 0, disconnects: 0, reorders: 0, gaps: 0,
  expectedDeliveries: 150_000, delivered: 150_000, deliveryRatio: 1, sentPerSec: 100, ackedPerSec: 100, deliveredPerSec: 5000,
  otherFrames: 0, otherFramesByEvent: {}, heartbeats: 10, heartbeatErrors: 0, deliveryAcksSent: 0, deliveryLatency: latency(10), ackLatency: latency(5), errors: [], ...over,
});
const step = (l: LoadFigures, metrics: StepFigures['metrics'] = null): StepFigures => ({ load: l, server: null, loadgen: null, rssPerConnectionBytes: null, db: null, metrics });

describe('fanout report', () => {
  it('counts every kind of failure as an error, and needs (nearly) every delivery for a clean step', () => {
    expect(stepErrors(load({ ackErrors: 1, skipped: 2, disconnects: 3, reorders: 4, gaps: 5 }))).toBe(15);
    expect(isClean(load())).toBe(true);
    expect(isClean(load({ deliveryRatio: 0.99 }))).toBe(false);
    expect(isClean(load({ gaps: 1 }))).toBe(false);
  });

  it('prints ours ÷ baseline next to both columns', () => {
    const table = fanoutTable({ baseline: step(load()), ours: step(load({ deliveredPerSec: 3750, deliveryLatency: latency(25) })) });
    expect(table.split('\n')[0]).toMatch(/\| metric +\| +baseline \| +ours \| ours ÷ baseline \|/);
    expect(table).toMatch(/\| deliveries\/s +\| +5,000 \| +3,750 \| +0\.75× \|/);
    expect(table).toMatch(/\| delivery latency p99 +\| +10\.0 ms \| +25\.0 ms \| +2\.50× \|/);
  });

  it("prints the server's own figures for ours and a dash for the baseline, which has none", () => {
    const metrics = { sendHandledP50Ms: 1.5, sendHandledP99Ms: 12, eventLoopDelayP99Ms: 20.5, eventLoopDelayMaxMs: 41, gcPausesPerSec: 4.6, gcPauseMsPerSec: 18.2, framesAtCommitShare: 0.875 };
    const table = fanoutTable({ baseline: step(load()), ours: step(load(), metrics) });
    expect(table).toMatch(/\| server's own send handling p50 \/ p99 \(handler → ack\) +\| +– \/ – \| +1\.50 ms \/ 12\.0 ms \| +\|/);
    expect(table).toMatch(/\| server event-loop delay p99 \/ max +\| +– \/ – \| +20\.5 ms \/ 41\.0 ms \| +\|/);
    expect(table).toMatch(/\| server's message frames sent at the commit \(not by the relay\) +\| +– \| +87\.5 % \| +\|/);
    expect(table).toMatch(/\| server GC pauses per s \(ms of pause per s\) +\| +– \| +4\.6 \(18\.2 ms\) \| +\|/);
  });

  it('prints the delivery acknowledgements the sockets sent, to show what receipts cost and what pacing saved', () => {
    const table = fanoutTable({ ours: step(load({ deliveryAcksSent: 19_876 })) });
    expect(table).toMatch(/\| delivery acknowledgements sent \(`--delivery-acks`\) +\| +19,876 \|/);
  });

  it('has no ratio column with one target', () => {
    expect(fanoutTable({ baseline: step(load()) }).split('\n')[0]).not.toMatch(/÷/);
  });
});
