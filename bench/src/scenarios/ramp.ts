import type { TargetName } from '../cli/args';
import { MISSING, deliveryAcksNote, ms, num, pct, times, wholeOrTenths } from '../report/format';
import { markdownTable } from '../report/markdown';
import { ratio } from '../report/stats';
import { sleep } from '../runtime/processes';
import { isClean, stepErrors } from './fanout-report';
import { withLoadSession, type LoadSession, type StepFigures } from './load-session';
import { bestStep, nextRampRate, quarterLoadVerdict, throughputVerdict, type StepSummary } from './ramp-plan';
import type { Scenario } from './scenario';
import { hostNoiseWarnings } from './host-noise';

interface RampStep extends StepSummary {
  pass: boolean;
  figures: StepFigures;
}

const LATENCY_TARGET_MS = 50;

function summarizeStep(rate: number, figures: StepFigures, p99LimitMs: number): RampStep {
  const clean = isClean(figures.load);
  const p99Ms = figures.load.deliveryLatency.p99;
  return { rate, clean, p99Ms, ackedPerSec: figures.load.ackedPerSec, deliveredPerSec: figures.load.deliveredPerSec, pass: clean && p99Ms <= p99LimitMs, figures };
}

/**
 * Raises the total send rate step by step (same sockets and rooms, one server per target) until
 * the delivery p99 passes --p99-limit (100 ms) or errors appear, then bisects. Baseline first: its
 * highest rate at p99 ≤ 50 ms sets the quarter-load step both targets also run.
 */
export const ramp: Scenario = async ({ options, cleanup, log, cpuProfileDir, measuredWindows, onProfiledExit }) => {
  const order = [...options.targets].sort((a, b) => (a === 'baseline' ? -1 : b === 'baseline' ? 1 : 0));
  const steps: Partial<Record<TargetName, RampStep[]>> = {};
  const quarter: Partial<Record<TargetName, RampStep>> = {};
  let quarterRate: number | null = null;
  const warmupMs = options.warmupS * 1000;
  const durationMs = options.durationS * 1000;

  for (const target of order) {
    const inSession = (work: (session: LoadSession) => Promise<void>) =>
      withLoadSession({ target, sockets: options.sockets, rooms: options.rooms, workers: options.workers, bodyBytes: options.bodyBytes, deliveryAcksMs: options.deliveryAcksMs, cpuProfileDir, onProfiledExit, serverEnv: options.serverEnv, log, onMeasuredWindow: (startAt, endAt) => measuredWindows.push({ startAt, endAt }) }, cleanup, work);
    // Each target's quarter-load step runs on a fresh server: a ramp ends by overloading it, which can
    // leave a backlog (ours) or a server that dropped its sockets (the baseline).
    const runQuarter = async (session: LoadSession) => {
      log(`${target}: quarter-load step at ${quarterRate} msg/s`);
      quarter[target] = summarizeStep(quarterRate!, await session.measure(quarterRate!, warmupMs, durationMs), options.p99LimitMs);
    };
    await inSession(async (session) => {
      if (target !== 'baseline' && quarterRate) await runQuarter(session);
      const done: RampStep[] = (steps[target] = []);
      for (let rate = nextRampRate(done, plan(options)); rate !== null; rate = nextRampRate(done, plan(options))) {
        const step = summarizeStep(rate, await session.measure(rate, warmupMs, durationMs), options.p99LimitMs);
        done.push(step);
        log(`${target}: ${rate} msg/s → ${num(step.deliveredPerSec)} deliveries/s, p99 ${step.p99Ms} ms, ${stepErrors(step.figures.load)} errors, ${(step.figures.load.deliveryRatio * 100).toFixed(2)} % delivered: ${step.pass ? 'pass' : 'FAIL'}`);
        // Let a backlog drain before the next step (ours: until the outbox is empty).
        if (!step.pass) await sleep(3000);
        const settled = await session.target.settle?.(120_000);
        if (settled?.pending) log(`${target}: ${settled.pending} events still unpublished after ${(settled.waitedMs / 1000).toFixed(0)} s`);
      }
    });
    if (target === 'baseline') {
      const best = bestStep(steps[target]!, LATENCY_TARGET_MS);
      quarterRate = best ? Math.max(0.1, Math.round((best.rate / 4) * 10) / 10) : null;
      if (quarterRate) await inSession(runQuarter);
    }
  }
  return { figures: { p99LimitMs: options.p99LimitMs, latencyTargetMs: LATENCY_TARGET_MS, steps, quarterRate, quarter }, markdown: report(steps, quarter, quarterRate, options.p99LimitMs, options.deliveryAcksMs) };
};

const plan = (o: { rate: number; factor: number; maxSteps: number; refineSteps: number }) => ({ start: o.rate, factor: o.factor, maxSteps: o.maxSteps, refineSteps: o.refineSteps });

function report(steps: Partial<Record<TargetName, RampStep[]>>, quarter: Partial<Record<TargetName, RampStep>>, quarterRate: number | null, p99LimitMs: number, deliveryAcksMs: number): string {
  const out: string[] = [];
  for (const [target, list] of Object.entries(steps) as [TargetName, RampStep[]][]) {
    out.push(`### ramp: ${target}${deliveryAcksNote(deliveryAcksMs)}`, '');
    out.push(
      markdownTable(
        ['rate asked', 'acks/s', 'deliveries/s', 'p50', 'p95', 'p99', 'max', 'server send p99 / loop delay max', 'delivered', 'errors', 'server CPU node (main thread waiting)', 'node + pg', 'loadgen CPU', 'machine CPU (steal)', `p99 ≤ ${p99LimitMs} ms, clean`],
        [...list].sort((a, b) => a.rate - b.rate).map((s) => [
          wholeOrTenths(s.rate),
          num(s.ackedPerSec),
          num(s.deliveredPerSec),
          ms(s.figures.load.deliveryLatency.p50),
          ms(s.figures.load.deliveryLatency.p95),
          ms(s.p99Ms),
          ms(s.figures.load.deliveryLatency.max),
          s.figures.metrics ? `${ms(s.figures.metrics.sendHandledP99Ms)} / ${ms(s.figures.metrics.eventLoopDelayMaxMs)}` : MISSING,
          pct(s.figures.load.deliveryRatio * 100, 2),
          num(stepErrors(s.figures.load)),
          `${pct(s.figures.server?.nodeCpuPct)} (${pct(s.figures.server?.nodeRunQueueWaitPct)})`,
          pct(s.figures.server?.treeCpuPct),
          pct(s.figures.loadgen?.treeCpuPct),
          `${pct(s.figures.server?.machineCpuPct)} (${pct(s.figures.server?.machineStealPct)})`,
          s.pass ? 'yes' : 'NO',
        ]),
      ),
      '',
    );
  }
  const sustained = (t: TargetName) => bestStep(steps[t] ?? [], p99LimitMs);
  const best50 = (t: TargetName) => bestStep(steps[t] ?? [], LATENCY_TARGET_MS);
  const names = (Object.keys(steps) as TargetName[]).filter((t) => steps[t]);
  const both = names.includes('baseline') && names.includes('ours');
  const row = (label: string, v: (t: TargetName) => number | null | undefined, fmt: (x: number | null | undefined) => string, withRatio = true) => [
    label,
    ...names.map((t) => fmt(v(t))),
    ...(both ? [withRatio ? times(ratio(v('ours'), v('baseline'))) : ''] : []),
  ];
  out.push(`### ramp: summary`, '');
  out.push(
    markdownTable(
      ['', ...names, ...(both ? ['ours ÷ baseline'] : [])],
      [
        row(`highest sustained msgs/s, acked (ours: persisted), p99 ≤ ${p99LimitMs} ms`, (t) => sustained(t)?.ackedPerSec, (x) => num(x)),
        row(`deliveries/s at that step`, (t) => sustained(t)?.deliveredPerSec, (x) => num(x)),
        row(`highest deliveries/s with p99 ≤ ${LATENCY_TARGET_MS} ms`, (t) => best50(t)?.deliveredPerSec, (x) => num(x)),
        row(`… at send rate (msg/s)`, (t) => best50(t)?.rate, (x) => num(x, 1), false),
        row(`… its p99`, (t) => best50(t)?.p99Ms, ms),
        row(`quarter load (${quarterRate ?? '–'} msg/s): p99`, (t) => quarter[t]?.p99Ms, ms),
        row(`quarter load: p50`, (t) => quarter[t]?.figures.load.deliveryLatency.p50, ms),
      ],
    ),
    '',
  );
  if (both) {
    const t1 = throughputVerdict(best50('baseline'), best50('ours'));
    // A baseline step with errors is no reference: the target then reads "not measured".
    const t2 = quarterLoadVerdict(quarter.baseline?.clean ? quarter.baseline.p99Ms : null, quarter.ours?.p99Ms ?? null, quarter.ours?.clean ?? false);
    const verdict = (p: boolean | null) => (p === null ? 'not measured' : p ? 'MET' : 'NOT MET');
    out.push(
      markdownTable(
        ['target', 'measured', 'verdict'],
        [
          [`ours ≥ 75 % of the baseline's deliveries/s at p99 ≤ ${LATENCY_TARGET_MS} ms`, t1.ratio === null ? '–' : `${(t1.ratio * 100).toFixed(0)} %`, verdict(t1.pass)],
          ['at a quarter of that load, ours p99 ≤ 2 × baseline p99', times(t2.ratio), verdict(t2.pass)],
        ],
        ['left', 'right', 'left'],
      ),
    );
  }
  const windows = (Object.entries(steps) as [TargetName, RampStep[]][]).flatMap(([target, list]) => list.map((s) => ({ label: `${target} at ${wholeOrTenths(s.rate)} msg/s`, step: s.figures })));
  for (const [target, q] of Object.entries(quarter) as [TargetName, RampStep][]) windows.push({ label: `the quarter-load step of ${target}`, step: q.figures });
  for (const warning of hostNoiseWarnings(windows)) out.push('', warning);
  return out.join('\n');
}
