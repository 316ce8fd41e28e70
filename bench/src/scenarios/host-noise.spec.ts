import type { StepFigures } from './load-session';
import { OTHERS_WARN_PCT, STEAL_WARN_PCT, hostNoiseWarnings, isStolen, leastStolen, othersCpuPct } from './host-noise';

const resources = { nodeCpuPct: 50, nodeRunQueueWaitPct: 5, treeCpuPct: 70, nodeRssBytes: 1, nodeRssMaxBytes: 1, treePssBytes: 1 };
/** A window with the server's tree at 70 % and the load generator at 30 % of a core. */
const step = (machineStealPct: number | null, machineCpuPct = 110): StepFigures => ({
  load: {} as StepFigures['load'],
  server: machineStealPct === null ? null : { ...resources, machineCpuPct, machineStealPct },
  loadgen: { ...resources, treeCpuPct: 30, machineCpuPct, machineStealPct },
  rssPerConnectionBytes: null,
  db: null,
  metrics: null,
});

describe('host noise', () => {
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

  it('takes the server, the load generator and steal out of the machine’s CPU to find other processes’ share', () => {
    expect(othersCpuPct(step(0, 160))).toBe(60);
    expect(othersCpuPct(step(20, 160))).toBe(40);
    expect(othersCpuPct(step(0, 90))).toBe(0);
    expect(othersCpuPct(step(null))).toBeNull();
  });

  it('warns about the windows the hypervisor or other processes disturbed, and only those', () => {
    expect(hostNoiseWarnings([{ label: 'baseline', step: step(2) }, { label: 'ours', step: step(null) }])).toEqual([]);
    const [stolen, ...rest] = hostNoiseWarnings([{ label: 'baseline', step: step(STEAL_WARN_PCT - 1) }, { label: 'ours at 37.5 msg/s', step: step(80, 190) }]);
    expect(stolen).toMatch(/hypervisor took ≥ 10 % of a core from this machine during ours at 37\.5 msg\/s \(80 %\), even after measuring again\./);
    expect(stolen).not.toMatch(/baseline/);
    expect(rest).toEqual([]);
    const [shared] = hostNoiseWarnings([{ label: 'baseline at 25 msg/s', step: step(0, 100 + OTHERS_WARN_PCT + 80) }, { label: 'ours at 25 msg/s', step: step(0, 100 + OTHERS_WARN_PCT - 1) }]);
    expect(shared).toMatch(/other processes took ≥ 25 % of a core during baseline at 25 msg\/s \(105 %\)\./);
    expect(shared).not.toMatch(/ours/);
  });
});
