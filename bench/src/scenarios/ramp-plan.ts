/** The pure part of `ramp`: which rate to try next, and what the steps say about the targets. */

export interface RampStepOutcome {
  rate: number;
  pass: boolean;
}

export interface RampPlanOptions {
  start: number;
  factor: number;
  maxSteps: number;
  /** Bisection steps after the first failure. */
  refineSteps: number;
}

/**
 * Geometric steps (start, start·f, start·f², …) while steps pass; after the first failure,
 * `refineSteps` bisections between the highest passing and the lowest failing rate
 * (below the start when even the first step failed). Null: done.
 */
export function nextRampRate(steps: readonly RampStepOutcome[], o: RampPlanOptions): number | null {
  if (steps.length >= o.maxSteps) return null;
  if (steps.length === 0) return o.start;
  const firstFailure = steps.findIndex((s) => !s.pass);
  if (firstFailure === -1) return round(steps[steps.length - 1].rate * o.factor);
  const refined = steps.length - 1 - firstFailure;
  if (refined >= o.refineSteps) return null;
  const lowestFail = Math.min(...steps.filter((s) => !s.pass).map((s) => s.rate));
  const passing = steps.filter((s) => s.pass && s.rate < lowestFail).map((s) => s.rate);
  const highestPass = passing.length ? Math.max(...passing) : 0;
  const next = highestPass > 0 ? round((highestPass + lowestFail) / 2) : round(lowestFail / o.factor);
  if (next <= 0 || next === lowestFail || next === highestPass) return null;
  return next;
}

function round(rate: number): number {
  return rate >= 100 ? Math.round(rate) : Math.round(rate * 10) / 10;
}

export interface StepSummary {
  rate: number;
  clean: boolean;
  p99Ms: number;
  ackedPerSec: number;
  deliveredPerSec: number;
}

/** The highest-rate clean step with p99 within `limitMs`; null if none. */
export function bestStep<T extends StepSummary>(steps: readonly T[], limitMs: number): T | null {
  return steps.filter((s) => s.clean && s.p99Ms <= limitMs).reduce<T | null>((best, s) => (!best || s.deliveredPerSec > best.deliveredPerSec ? s : best), null);
}

/**
 * The targets, from the steps of both ramps and the quarter-load step:
 * 1. at the highest load the baseline sustains with p99 ≤ 50 ms, ours sustains ≥ 75 % of its deliveries/s at p99 ≤ 50 ms;
 * 2. at a quarter of that load, our p99 ≤ 2 × the baseline's p99.
 */
export function throughputVerdict(baseline: StepSummary | null, ours: StepSummary | null): { ratio: number | null; pass: boolean | null } {
  if (!baseline) return { ratio: null, pass: null };
  if (!ours) return { ratio: 0, pass: false };
  const ratio = ours.deliveredPerSec / baseline.deliveredPerSec;
  return { ratio, pass: ratio >= 0.75 };
}

export function quarterLoadVerdict(baselineP99: number | null, oursP99: number | null, oursClean: boolean): { ratio: number | null; pass: boolean | null } {
  if (baselineP99 === null || oursP99 === null) return { ratio: null, pass: null };
  const ratio = baselineP99 > 0 ? oursP99 / baselineP99 : null;
  return { ratio, pass: oursClean && ratio !== null && ratio <= 2 };
}
