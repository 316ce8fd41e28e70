import type { StepFigures } from './load-session';
import { STEAL_WARN_PCT, isStolen, leastStolen, stealWarning } from './steal';

const step = (machineStealPct: number | null): StepFigures => ({
  load: {} as StepFigures['load'],
  server: machineStealPct === null ? null : { nodeCpuPct: 50, treeCpuPct: 70, nodeRssBytes: 1, nodeRssMaxBytes: 1, treePssBytes: 1, machineCpuPct: 150, machineStealPct },
  loadgen: null,
  rssPerConnectionBytes: null,
  db: null,
  metrics: null,
});

describe('steal', () => {
  it('counts a window as stolen from a tenth of a core', () => {
    expect(isStolen(step(STEAL_WARN_PCT))).toBe(true);
    expect(isStolen(step(STEAL_WARN_PCT - 0.1))).toBe(false);
    expect(isStolen(step(null))).toBe(false);
  });

  it('keeps the measurement the host disturbed less, the first on a tie', () => {
    const [a, b] = [step(40), step(12)];
    expect(leastStolen(a, b)).toBe(b);
    expect(leastStolen(b, a)).toBe(b);
    const twin = step(12);
    expect(leastStolen(b, twin)).toBe(b);
  });

  it('warns about the windows in which the hypervisor stole a tenth of a core or more, and only those', () => {
    expect(stealWarning([{ label: 'baseline', step: step(2) }, { label: 'ours', step: step(null) }])).toBeNull();
    const warning = stealWarning([{ label: 'baseline', step: step(STEAL_WARN_PCT - 1) }, { label: 'ours at 37.5 msg/s', step: step(80) }]);
    expect(warning).toMatch(/hypervisor took ≥ 10 % of a core from this machine during ours at 37\.5 msg\/s \(80 %\), even after measuring again\./);
    expect(warning).not.toMatch(/baseline/);
  });
});
