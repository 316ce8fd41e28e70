import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { cpuPercent } from '../report/stats';

/** The fields of /proc/<pid>/stat we use; times in clock ticks. */
export interface ProcStat {
  pid: number;
  comm: string;
  ppid: number;
  utime: number;
  stime: number;
  cutime: number;
  cstime: number;
}

/** Parses /proc/<pid>/stat; the command name may hold spaces and parentheses, so split after the last ')'. */
export function parseStat(text: string): ProcStat {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) throw new Error(`not a /proc stat line: ${text.slice(0, 80)}`);
  const f = text.slice(close + 2).trim().split(/\s+/);
  // f[0] is field 3 (state): field n of proc(5) is f[n - 3]
  return { pid: Number(text.slice(0, open)), comm: text.slice(open + 1, close), ppid: Number(f[1]), utime: Number(f[11]), stime: Number(f[12]), cutime: Number(f[13]), cstime: Number(f[14]) };
}

/** A `Name:   1234 kB` line of /proc/<pid>/status or smaps_rollup, in bytes; null when absent. */
export function parseKbField(text: string, field: string): number | null {
  const m = new RegExp(`^${field}:\\s+(\\d+)\\s*kB`, 'm').exec(text);
  return m ? Number(m[1]) * 1024 : null;
}

function readStat(pid: number): ProcStat | null {
  try {
    return parseStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return null; // gone
  }
}

/**
 * Nanoseconds the process's main thread (the event loop) has spent runnable but waiting for a CPU,
 * the second field of /proc/<pid>/task/<pid>/schedstat; null where the kernel keeps no such figure.
 */
export function parseRunQueueWaitNs(schedstat: string): number | null {
  const wait = Number(schedstat.trim().split(/\s+/)[1]);
  return Number.isFinite(wait) ? wait : null;
}

function readMainThreadWaitNs(pid: number): number | null {
  try {
    return parseRunQueueWaitNs(readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8'));
  } catch {
    return null;
  }
}

function readKb(pid: number, file: 'status' | 'smaps_rollup', field: string): number | null {
  try {
    return parseKbField(readFileSync(`/proc/${pid}/${file}`, 'utf8'), field);
  } catch {
    return null;
  }
}

/** `pid` and every process below it (e.g. the all-in-one node process, its postmaster and the backends). */
export function processTree(pid: number): ProcStat[] {
  const all: ProcStat[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const s = readStat(Number(name));
    if (s) all.push(s);
  }
  const children = new Map<number, ProcStat[]>();
  for (const s of all) children.set(s.ppid, [...(children.get(s.ppid) ?? []), s]);
  const root = all.find((s) => s.pid === pid);
  if (!root) return [];
  const out: ProcStat[] = [];
  const queue = [root];
  while (queue.length) {
    const s = queue.shift()!;
    out.push(s);
    queue.push(...(children.get(s.pid) ?? []));
  }
  return out;
}

let ticks: number | null = null;
export function clockTicksPerSecond(): number {
  if (ticks === null) {
    try {
      ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticks = 100;
    }
  }
  return ticks;
}

/** One reading of a process and of its tree. */
export interface ProcSnapshot {
  at: number;
  /** utime + stime of the process itself. */
  selfTicks: number;
  /** utime + stime + reaped children's time, over the whole tree: does not drop when a child exits. */
  treeTicks: number;
  rssBytes: number;
  /** Sum of proportional set sizes over the tree (shared pages, e.g. Postgres' shared buffers, counted once). */
  treePssBytes: number;
  treeProcesses: number;
  /** Run-queue wait of the process's main thread so far (ns); null when unreadable. */
  mainThreadWaitNs: number | null;
}

export function snapshot(pid: number): ProcSnapshot | null {
  const tree = processTree(pid);
  if (tree.length === 0) return null;
  const self = tree[0];
  return {
    at: Date.now(),
    selfTicks: self.utime + self.stime,
    treeTicks: tree.reduce((sum, s) => sum + s.utime + s.stime + s.cutime + s.cstime, 0),
    rssBytes: readKb(pid, 'status', 'VmRSS') ?? 0,
    treePssBytes: tree.reduce((sum, s) => sum + (readKb(s.pid, 'smaps_rollup', 'Pss') ?? readKb(s.pid, 'status', 'VmRSS') ?? 0), 0),
    treeProcesses: tree.length,
    mainThreadWaitNs: readMainThreadWaitNs(pid),
  };
}

export interface CpuUse {
  /** % of one core used by the process itself. */
  selfPct: number;
  /** % of one core used by the process and everything below it. */
  treePct: number;
  /** % of the window the main thread was ready to run but waited for a CPU; null when unreadable. */
  mainThreadWaitPct: number | null;
}

export function cpuBetween(a: ProcSnapshot, b: ProcSnapshot): CpuUse {
  const hz = clockTicksPerSecond();
  const dt = b.at - a.at;
  const waitNs = a.mainThreadWaitNs === null || b.mainThreadWaitNs === null ? null : b.mainThreadWaitNs - a.mainThreadWaitNs;
  return {
    selfPct: cpuPercent(b.selfTicks - a.selfTicks, dt, hz),
    treePct: cpuPercent(b.treeTicks - a.treeTicks, dt, hz),
    mainThreadWaitPct: waitNs === null || dt <= 0 ? null : (waitNs / 1e6 / dt) * 100,
  };
}

/** Clock ticks of the whole machine since boot, from the `cpu` line of /proc/stat. */
export interface MachineTicks {
  /** Everything but idle and iowait, steal included. */
  busy: number;
  /** Time the hypervisor gave this machine's CPUs to other guests while they had work. */
  steal: number;
  total: number;
}

export function parseMachineTicks(procStat: string): MachineTicks {
  const line = procStat.split('\n').find((l) => l.startsWith('cpu '));
  if (!line) throw new Error('no cpu line in /proc/stat');
  const v = line.trim().split(/\s+/).slice(1, 9).map(Number); // user nice system idle iowait irq softirq steal
  const total = v.reduce((a, b) => a + b, 0);
  return { busy: total - v[3] - v[4], steal: v[7] ?? 0, total };
}

export function machineTicks(): MachineTicks | null {
  try {
    return parseMachineTicks(readFileSync('/proc/stat', 'utf8'));
  } catch {
    return null;
  }
}

/** A counter of /proc/net/netstat (a header line of names, then a line of values, per protocol). */
export function parseNetstatCounter(netstat: string, proto: string, name: string): number | null {
  const lines = netstat.split('\n').filter((l) => l.startsWith(`${proto}:`));
  for (let i = 0; i + 1 < lines.length; i += 2) {
    const names = lines[i].trim().split(/\s+/);
    const values = lines[i + 1].trim().split(/\s+/);
    const at = names.indexOf(name);
    if (at > 0) return Number(values[at]);
  }
  return null;
}

/** Connections the kernel turned away because a listen queue was full (machine-wide counter). */
export function listenOverflows(): number | null {
  try {
    return parseNetstatCounter(readFileSync('/proc/net/netstat', 'utf8'), 'TcpExt', 'ListenOverflows');
  } catch {
    return null;
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
