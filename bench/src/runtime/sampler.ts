import { cpuPercent, median } from '../report/stats';
import { clockTicksPerSecond, cpuBetween, machineTicks, snapshot, type MachineTicks, type ProcSnapshot } from './proc-stats';
import { sleep } from './processes';

/** CPU and memory of a set of processes over a window. */
export interface ResourceFigures {
  /** % of one core: the node process(es) alone. */
  nodeCpuPct: number;
  /**
   * % of the window the node process's main thread was ready to run but waited for a CPU (summed
   * over the processes); when the box is saturated this, not the work itself, is what queues frames.
   */
  nodeRunQueueWaitPct: number | null;
  /** % of one core: with their children (ours: embedded Postgres). */
  treeCpuPct: number;
  /** RSS of the node process(es) at the end of the window, and the highest seen. */
  nodeRssBytes: number;
  nodeRssMaxBytes: number;
  /** Proportional set size of the node process(es) and their children (shared pages counted once). */
  treePssBytes: number;
  /** % of one core used by every process on the machine (others' work included: a noisy neighbour shows here). */
  machineCpuPct: number | null;
  /** % of one core the hypervisor gave to other guests while this machine had work (included in machineCpuPct). */
  machineStealPct: number | null;
}

function total(pids: readonly number[]): ProcSnapshot | null {
  const snaps = pids.map(snapshot).filter((s): s is ProcSnapshot => s !== null);
  if (snaps.length === 0) return null;
  return snaps.reduce((a, b) => ({
    at: Math.max(a.at, b.at),
    selfTicks: a.selfTicks + b.selfTicks,
    treeTicks: a.treeTicks + b.treeTicks,
    rssBytes: a.rssBytes + b.rssBytes,
    mainThreadWaitNs: a.mainThreadWaitNs === null || b.mainThreadWaitNs === null ? null : a.mainThreadWaitNs + b.mainThreadWaitNs,
    treePssBytes: a.treePssBytes + b.treePssBytes,
    treeProcesses: a.treeProcesses + b.treeProcesses,
  }));
}

/** Samples `pids` (and their process trees) between two wall-clock instants, RSS every second. */
export class WindowSampler {
  private first: ProcSnapshot | null = null;
  private machineFirst: (MachineTicks & { at: number }) | null = null;
  private machineLast: (MachineTicks & { at: number }) | null = null;
  private last: ProcSnapshot | null = null;
  private maxRss = 0;
  private readonly timers: NodeJS.Timeout[] = [];
  private done!: () => void;
  readonly finished = new Promise<void>((r) => (this.done = r));

  constructor(private readonly pids: readonly number[]) {}

  /** Call with wall-clock ms (see runtime/clock.ts). */
  schedule(startAt: number, endAt: number, wallNow: () => number): void {
    const at = (t: number, fn: () => void) => this.timers.push(setTimeout(fn, Math.max(0, t - wallNow())));
    at(startAt, () => {
      this.first = total(this.pids);
      const m = machineTicks();
      this.machineFirst = m && { ...m, at: Date.now() };
      this.maxRss = this.first?.rssBytes ?? 0;
      const every = setInterval(() => (this.maxRss = Math.max(this.maxRss, total(this.pids)?.rssBytes ?? 0)), 1000);
      this.timers.push(every);
    });
    at(endAt, () => {
      this.last = total(this.pids);
      const m = machineTicks();
      this.machineLast = m && { ...m, at: Date.now() };
      this.stop();
      this.done();
    });
  }

  stop(): void {
    for (const t of this.timers) clearTimeout(t);
  }

  figures(): ResourceFigures | null {
    if (!this.first || !this.last) return null;
    const cpu = cpuBetween(this.first, this.last);
    const [a, b] = [this.machineFirst, this.machineLast];
    const machinePct = (ticks: (m: MachineTicks) => number) => (a && b ? cpuPercent(ticks(b) - ticks(a), b.at - a.at, clockTicksPerSecond()) : null);
    return {
      nodeCpuPct: cpu.selfPct,
      nodeRunQueueWaitPct: cpu.mainThreadWaitPct,
      treeCpuPct: cpu.treePct,
      nodeRssBytes: this.last.rssBytes,
      nodeRssMaxBytes: Math.max(this.maxRss, this.last.rssBytes),
      treePssBytes: this.last.treePssBytes,
      machineCpuPct: machinePct((m) => m.busy),
      machineStealPct: machinePct((m) => m.steal),
    };
  }
}

/** RSS of the node process(es) as the median of a few readings (GC makes single readings jumpy). */
export async function steadyRss(pids: readonly number[], readings = 5, gapMs = 300): Promise<{ rssBytes: number; treePssBytes: number }> {
  const rss: number[] = [];
  const pss: number[] = [];
  for (let i = 0; i < readings; i++) {
    const s = total(pids);
    if (s) {
      rss.push(s.rssBytes);
      pss.push(s.treePssBytes);
    }
    if (i < readings - 1) await sleep(gapMs);
  }
  return { rssBytes: median(rss), treePssBytes: median(pss) };
}

/** CPU between now and when `work` settles. */
export async function measureCpu<T>(pids: readonly number[], work: () => Promise<T>): Promise<{ value: T; cpu: { nodeCpuPct: number; treeCpuPct: number } | null }> {
  const a = total(pids);
  const value = await work();
  const b = total(pids);
  const cpu = a && b ? cpuBetween(a, b) : null;
  return { value, cpu: cpu ? { nodeCpuPct: cpu.selfPct, treeCpuPct: cpu.treePct } : null };
}
