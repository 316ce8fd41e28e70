import { pct } from '../report/format';
import type { StepFigures } from './load-session';

/** Steal (% of one core) from which a window's figures measure the host as much as the server. */
export const STEAL_WARN_PCT = 10;

/** The hypervisor gave at least STEAL_WARN_PCT of a core to other guests during the window. */
export function isStolen(step: StepFigures): boolean {
  return (step.server?.machineStealPct ?? 0) >= STEAL_WARN_PCT;
}

/** Of two measurements of the same step, the one the host disturbed less. */
export function leastStolen(a: StepFigures, b: StepFigures): StepFigures {
  return (b.server?.machineStealPct ?? Infinity) < (a.server?.machineStealPct ?? Infinity) ? b : a;
}

/**
 * A warning naming the measured windows in which the hypervisor gave at least STEAL_WARN_PCT of a
 * core to other guests: latency and throughput there say little about the server, and a ratio
 * against a window without steal says less. Null when there were none.
 */
export function stealWarning(windows: readonly { label: string; step: StepFigures }[]): string | null {
  const stolen = windows.filter((w) => isStolen(w.step));
  if (stolen.length === 0) return null;
  const list = stolen.map((w) => `${w.label} (${pct(w.step.server!.machineStealPct)})`).join(', ');
  return `**Noisy host:** the hypervisor took ≥ ${STEAL_WARN_PCT} % of a core from this machine during ${list}, even after measuring again. Those figures measure the host as much as the server; repeat on a quieter one before comparing them.`;
}
