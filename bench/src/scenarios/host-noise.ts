import { pct } from '../report/format';
import type { StepFigures } from './load-session';

/** Steal (% of one core) from which a window's figures measure the host as much as the server. */
export const STEAL_WARN_PCT = 10;
/** CPU of processes outside the bench (% of one core) from which a window is not a quiet box's. */
export const OTHERS_WARN_PCT = 25;

/** The hypervisor gave at least STEAL_WARN_PCT of a core to other guests during the window. */
export function isStolen(step: StepFigures): boolean {
  return (step.server?.machineStealPct ?? 0) >= STEAL_WARN_PCT;
}

/** Of two measurements of the same step, the one the host disturbed less. */
export function leastStolen(a: StepFigures, b: StepFigures): StepFigures {
  return (b.server?.machineStealPct ?? Infinity) < (a.server?.machineStealPct ?? Infinity) ? b : a;
}

/**
 * % of one core the machine spent outside the bench during the window: neither the server's tree
 * nor the load generator, nor stolen. Null when a figure is missing. (The bench's own runner is
 * in it too, at a few %.)
 */
export function othersCpuPct(step: StepFigures): number | null {
  const { server, loadgen } = step;
  if (server?.machineCpuPct == null || !loadgen) return null;
  return Math.max(0, server.machineCpuPct - (server.machineStealPct ?? 0) - server.treeCpuPct - loadgen.treeCpuPct);
}

type Window = { label: string; step: StepFigures };

/**
 * Warnings naming the measured windows a noisy host disturbed: the hypervisor took at least
 * STEAL_WARN_PCT of a core (even after measuring again), or other processes on this machine at
 * least OTHERS_WARN_PCT, which also compete for the disk a commit waits on, whatever their nice
 * level. Latency and throughput there say little about the server, and a ratio against a quiet
 * window says less. Empty when there were none.
 */
export function hostNoiseWarnings(windows: readonly Window[]): string[] {
  const over = (figure: (step: StepFigures) => number | null, threshold: number) =>
    windows.flatMap((w) => {
      const value = figure(w.step);
      return value !== null && value >= threshold ? [`${w.label} (${pct(value)})`] : [];
    });
  const stolen = over((s) => s.server?.machineStealPct ?? null, STEAL_WARN_PCT);
  const shared = over(othersCpuPct, OTHERS_WARN_PCT);
  return [
    ...(stolen.length ? [`**Noisy host:** the hypervisor took ≥ ${STEAL_WARN_PCT} % of a core from this machine during ${stolen.join(', ')}, even after measuring again. Those figures measure the host as much as the server; repeat on a quieter one before comparing them.`] : []),
    ...(shared.length ? [`**Shared machine:** other processes took ≥ ${OTHERS_WARN_PCT} % of a core during ${shared.join(', ')}. They compete for the cores and the disk; repeat with the machine to itself before comparing those figures.`] : []),
  ];
}
