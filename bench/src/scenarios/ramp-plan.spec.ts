import { bestStep, nextRampRate, quarterLoadVerdict, throughputVerdict } from './ramp-plan';

const o = { start: 100, factor: 2, maxSteps: 10, refineSteps: 2 };
const pass = (rate: number) => ({ rate, pass: true });
const fail = (rate: number) => ({ rate, pass: false });

describe('nextRampRate', () => {
  it('starts at the start rate and multiplies while steps pass', () => {
    expect(nextRampRate([], o)).toBe(100);
    expect(nextRampRate([pass(100)], o)).toBe(200);
    expect(nextRampRate([pass(100), pass(200)], o)).toBe(400);
  });

  it('bisects between the highest pass and the lowest failure, refineSteps times', () => {
    expect(nextRampRate([pass(100), pass(200), fail(400)], o)).toBe(300);
    expect(nextRampRate([pass(100), pass(200), fail(400), pass(300)], o)).toBe(350);
    expect(nextRampRate([pass(100), pass(200), fail(400), pass(300), fail(350)], o)).toBeNull();
  });

  it('goes below the start when the first step already fails', () => {
    expect(nextRampRate([fail(100)], o)).toBe(50);
    expect(nextRampRate([fail(100), fail(50)], o)).toBe(25);
  });

  it('stops at maxSteps', () => {
    expect(nextRampRate([pass(1), pass(2)], { ...o, maxSteps: 2 })).toBeNull();
  });
});

describe('target verdicts', () => {
  const step = (rate: number, p99Ms: number, deliveredPerSec: number, clean = true) => ({ rate, p99Ms, deliveredPerSec, ackedPerSec: rate, clean });

  it('picks the highest clean step within the latency limit', () => {
    const steps = [step(100, 10, 5000), step(200, 40, 10000), step(400, 60, 19000), step(300, 45, 15000, false)];
    expect(bestStep(steps, 50)?.rate).toBe(200);
    expect(bestStep(steps, 100)?.rate).toBe(400);
    expect(bestStep([step(100, 80, 1)], 50)).toBeNull();
  });

  it('needs 75 % of the baseline deliveries/s at p99 ≤ 50 ms', () => {
    expect(throughputVerdict(step(400, 40, 20000), step(300, 45, 15000))).toEqual({ ratio: 0.75, pass: true });
    expect(throughputVerdict(step(400, 40, 20000), step(200, 45, 10000)).pass).toBe(false);
    expect(throughputVerdict(step(400, 40, 20000), null)).toEqual({ ratio: 0, pass: false });
    expect(throughputVerdict(null, step(1, 1, 1))).toEqual({ ratio: null, pass: null });
  });

  it('needs our quarter-load p99 within 2 × the baseline, without errors', () => {
    expect(quarterLoadVerdict(10, 20, true)).toEqual({ ratio: 2, pass: true });
    expect(quarterLoadVerdict(10, 21, true).pass).toBe(false);
    expect(quarterLoadVerdict(10, 5, false).pass).toBe(false);
    expect(quarterLoadVerdict(null, 5, true).pass).toBeNull();
  });
});
