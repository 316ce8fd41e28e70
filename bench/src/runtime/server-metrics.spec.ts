import { histogramQuantile, parsePrometheus, serverMetricsActivity, snapshotOf } from './server-metrics';

const scrape = (sendCounts: [string, number][], lag: { p99: number; max: number }, gc: { count: number; sum: number }, frames = { commit: 0, relay: 0 }) =>
  [
    '# HELP chat_socket_event_duration_seconds Socket.IO client events from handler start to ack, by name and outcome',
    '# TYPE chat_socket_event_duration_seconds histogram',
    ...sendCounts.map(([le, n]) => `chat_socket_event_duration_seconds_bucket{le="${le}",event="message.send",outcome="ok"} ${n}`),
    'chat_socket_event_duration_seconds_bucket{le="+Inf",event="message.send",outcome="error"} 7',
    'chat_socket_event_duration_seconds_bucket{le="+Inf",event="presence.heartbeat",outcome="ok"} 900',
    `nodejs_eventloop_lag_p99_seconds ${lag.p99}`,
    `nodejs_eventloop_lag_max_seconds ${lag.max}`,
    `nodejs_gc_duration_seconds_sum{kind="minor"} ${gc.sum}`,
    `nodejs_gc_duration_seconds_count{kind="minor"} ${gc.count}`,
    `chat_message_frames_total{path="commit"} ${frames.commit}`,
    `chat_message_frames_total{path="relay"} ${frames.relay}`,
    '',
  ].join('\n');

describe('server metrics', () => {
  it('parses sample lines with their labels, skipping comments', () => {
    expect(parsePrometheus('# HELP x y\nx_total{a="1",b="q\\"uote"} 3\nup 1\n')).toEqual([
      { name: 'x_total', labels: { a: '1', b: 'q\\"uote' }, value: 3 },
      { name: 'up', labels: {}, value: 1 },
    ]);
  });

  it('interpolates a quantile inside its bucket, as histogram_quantile does', () => {
    const buckets: [number, number][] = [[0.001, 50], [0.002, 90], [0.005, 100], [Infinity, 100]];
    expect(histogramQuantile(buckets, 0.5)).toBeCloseTo(0.001);
    expect(histogramQuantile(buckets, 0.7)).toBeCloseTo(0.0015);
    expect(histogramQuantile(buckets, 0.99)).toBeCloseTo(0.0047);
    expect(histogramQuantile([[0.001, 0], [Infinity, 10]], 0.5)).toBe(0.001);
    expect(histogramQuantile([[0.001, 0], [Infinity, 0]], 0.5)).toBeNull();
  });

  it('takes the window between two scrapes: send quantiles of the sends in it, the worst event-loop delay of the URLs, GC per second', () => {
    const at = (ms: number, gateways: string[]) => snapshotOf(ms, gateways);
    const start = at(0, [scrape([['0.001', 10], ['0.002', 10], ['+Inf', 10]], { p99: 0.5, max: 0.9 }, { count: 100, sum: 1 }, { commit: 5, relay: 5 })]);
    const end = at(10_000, [
      scrape([['0.001', 30], ['0.002', 50], ['+Inf', 50]], { p99: 0.004, max: 0.012 }, { count: 140, sum: 1.2 }, { commit: 35, relay: 15 }),
    ]);
    const activity = serverMetricsActivity(start, end);
    expect(activity.sendHandledP50Ms).toBeCloseTo(1); // 20 of the window's 40 sends took ≤ 1 ms
    expect(activity.sendHandledP99Ms).toBeCloseTo(1.98);
    expect(activity).toMatchObject({ eventLoopDelayP99Ms: 4, eventLoopDelayMaxMs: 12, gcPausesPerSec: 4 });
    expect(activity.gcPauseMsPerSec).toBeCloseTo(20);
    expect(activity.framesAtCommitShare).toBeCloseTo(0.75); // 30 of the window's 40 frames
  });

  it('sums the sends of several gateways and keeps the worst event-loop delay', () => {
    const snapshot = snapshotOf(0, [
      scrape([['0.001', 1], ['+Inf', 2]], { p99: 0.003, max: 0.01 }, { count: 1, sum: 0.1 }, { commit: 1, relay: 2 }),
      scrape([['0.001', 3], ['+Inf', 4]], { p99: 0.006, max: 0.02 }, { count: 2, sum: 0.2 }, { commit: 0, relay: 4 }),
    ]);
    expect(snapshot).toMatchObject({ sendBuckets: [[0.001, 4], [Infinity, 6]], eventLoopDelayP99S: 0.006, eventLoopDelayMaxS: 0.02, gcCount: 3, framesAtCommit: 1, framesFromRelay: 6 });
  });
});
