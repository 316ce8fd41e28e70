import { encodeHistogram, mergeEncoded, newLatencyHistogram, recordMs, summarize } from './latency';

describe('latency histograms', () => {
  it('merges worker encodings into one distribution with the right percentiles', () => {
    const a = newLatencyHistogram();
    const b = newLatencyHistogram();
    for (let i = 1; i <= 500; i++) recordMs(a, i / 10); // 0.1..50 ms
    for (let i = 501; i <= 1000; i++) recordMs(b, i / 10); // 50.1..100 ms
    const s = summarize(mergeEncoded([encodeHistogram(a), encodeHistogram(b)]));
    expect(s.count).toBe(1000);
    expect(s.p50).toBeCloseTo(50, 0);
    expect(s.p99).toBeCloseTo(99, 0);
    expect(s.max).toBeCloseTo(100, 0);
    expect(s.mean).toBeCloseTo(50.05, 0);
  });

  it('keeps sub-millisecond resolution and clamps the impossible', () => {
    const h = newLatencyHistogram();
    recordMs(h, 0.25);
    recordMs(h, -3); // clock skew between processes: counted as the smallest value
    recordMs(h, 10 * 60_000); // beyond range: counted as the largest
    const s = summarize(h);
    expect(s.count).toBe(3);
    expect(s.p50).toBeCloseTo(0.25, 2);
    expect(s.max).toBeCloseTo(120_000, -2);
  });

  it('summarizes nothing as zeros', () => {
    expect(summarize(newLatencyHistogram())).toEqual({ count: 0, p50: 0, p95: 0, p99: 0, p999: 0, max: 0, mean: 0 });
  });
});
