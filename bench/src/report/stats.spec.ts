import { bytesPerConnection, cpuPercent, median, percentile, perSecond, ratio, summarizeSamples } from './stats';

describe('percentile (nearest rank)', () => {
  const samples = Array.from({ length: 100 }, (_, i) => 100 - i); // 100..1, unsorted on purpose
  it.each([
    [50, 50],
    [95, 95],
    [99, 99],
    [100, 100],
    [0, 1],
  ])('p%d of 1..100 is %d', (p, v) => expect(percentile(samples, p)).toBe(v));

  it('is 0 with no samples and the single value with one', () => {
    expect(percentile([], 99)).toBe(0);
    expect(percentile([7], 50)).toBe(7);
  });

  it('summarizes samples in ms', () => {
    expect(summarizeSamples([1, 2, 3, 4])).toEqual({ count: 4, p50: 2, p95: 4, p99: 4, p999: 4, max: 4, mean: 2.5 });
  });
});

describe('ratio', () => {
  it('is ours over baseline', () => {
    expect(ratio(75, 100)).toBe(0.75);
    expect(ratio(30, 15)).toBe(2);
  });
  it('has no value without a baseline figure', () => {
    expect(ratio(5, 0)).toBeNull();
    expect(ratio(5, null)).toBeNull();
    expect(ratio(undefined, 5)).toBeNull();
  });
});

describe('rates and resources', () => {
  it('counts per second over the window', () => expect(perSecond(500, 2000)).toBe(250));
  it('gives CPU in % of one core', () => {
    expect(cpuPercent(100, 1000, 100)).toBe(100); // 1 s of CPU in 1 s
    expect(cpuPercent(300, 1500, 100)).toBe(200); // both cores
    expect(cpuPercent(10, 0, 100)).toBe(0);
  });
  it('spreads memory growth over the connections', () => {
    expect(bytesPerConnection(100 * 1024 * 1024, 200 * 1024 * 1024, 5000)).toBeCloseTo(20971.52);
    expect(bytesPerConnection(1, 2, 0)).toBeNull();
  });
  it('takes the median of readings', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBe(0);
  });
});
