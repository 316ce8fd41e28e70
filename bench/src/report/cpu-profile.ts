import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
export interface CpuProfile {
  nodes: ProfileNode[];
  /** µs, on the profiled process's monotonic clock. */
  startTime?: number;
  endTime?: number;
  samples: number[];
  timeDeltas: number[];
}

/** A span on the profile's own clock (µs). */
export interface ProfileWindow {
  fromUs: number;
  toUs: number;
}

/**
 * Maps wall-clock windows (ms) onto the profile's clock, anchored on the profile's end, which is
 * the process's exit (`exitedAtMs`, wall clock, seen by the parent a few ms later).
 */
export function toProfileWindows(profile: CpuProfile, exitedAtMs: number, windows: readonly { startAt: number; endAt: number }[]): ProfileWindow[] {
  const end = profile.endTime ?? 0;
  return windows.map((w) => ({ fromUs: end - (exitedAtMs - w.startAt) * 1000, toUs: end - (exitedAtMs - w.endAt) * 1000 }));
}

export interface HotSpot {
  name: string;
  selfMs: number;
  selfPct: number;
}

/** Where a frame's code comes from: an npm package, a workspace lib/app, node internals, or V8 itself. */
export function moduleOf(url: string): string {
  if (!url) return '(native/V8)';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1];
  const ws = /\/(libs|apps)\/([^/]+)\//.exec(url);
  if (ws) return `${ws[1]}/${ws[2]}`;
  if (url.startsWith('node:')) return 'node (core)';
  return path.basename(url);
}

/** A frame's module; V8's pseudo-frames (`(garbage collector)`, `(program)`) stand for themselves. */
function moduleOfFrame({ functionName, url }: ProfileNode['callFrame']): string {
  return functionName.startsWith('(') && !url ? functionName : moduleOf(url);
}

/** A frame as the report names it: function, then file (from node_modules/, libs/ or apps/) and line. */
function frameName({ functionName, url, lineNumber }: ProfileNode['callFrame']): string {
  const where = url ? `${url.replace(/^file:\/\//, '').replace(/^.*\/(node_modules|libs|apps)\//, '$1/')}:${lineNumber + 1}` : '';
  return `${functionName || '(anonymous)'}${where ? ` ${where}` : ''}`;
}

/** The biggest `top` entries of a µs tally, as hot spots with their share of `totalUs`. */
function ranked(tally: Map<string, number>, top: number, totalUs: number): HotSpot[] {
  return [...tally.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, us]) => ({ name, selfMs: Math.round(us / 1000), selfPct: totalUs ? Math.round((us / totalUs) * 1000) / 10 : 0 }));
}

/**
 * The profile's samples in order, each with its node, its time in µs (the delta V8 recorded with
 * it) and whether it falls inside the windows (every sample does when there are none).
 */
function timedSamples(profile: CpuProfile, windows?: readonly ProfileWindow[]): { id: number; us: number; inWindows: boolean }[] {
  let t = profile.startTime ?? 0;
  return profile.samples.map((id, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    t += us;
    return { id, us, inWindows: !windows || windows.some((w) => t >= w.fromUs && t <= w.toUs) };
  });
}

/** Self time per function and per module from a V8 .cpuprofile, biggest first. */
export function hotSpots(profile: CpuProfile, top = 15, windows?: readonly ProfileWindow[]): { functions: HotSpot[]; modules: HotSpot[]; totalMs: number } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  for (const { id, us, inWindows } of timedSamples(profile, windows)) if (inWindows) self.set(id, (self.get(id) ?? 0) + us);
  const totalUs = [...self.values()].reduce((a, b) => a + b, 0);
  const fn = new Map<string, number>();
  const mod = new Map<string, number>();
  for (const [id, us] of self) {
    const frame = byId.get(id)!.callFrame;
    const key = frameName(frame);
    fn.set(key, (fn.get(key) ?? 0) + us);
    const m = moduleOfFrame(frame);
    mod.set(m, (mod.get(m) ?? 0) + us);
  }
  return { functions: ranked(fn, top, totalUs), modules: ranked(mod, top, totalUs), totalMs: Math.round(totalUs / 1000) };
}

/** Stretch lengths the report groups by, in ms (each bucket runs up to the next bound). */
const STRETCH_BOUNDS_MS = [0, 2, 5, 10, 20, 50];

export interface BusyStretches {
  busyMs: number;
  /** Per length bucket: how many stretches, and their share of the busy time. */
  lengths: { bucket: string; count: number; busyPct: number }[];
  longMs: number;
  /** Share of the busy time spent in stretches of at least `longMs`. */
  longBusyPct: number;
  /** In those long stretches: self time by module, and by the innermost libs/apps function on the stack. */
  longByModule: HotSpot[];
  longByWorkspaceFunction: HotSpot[];
}

/**
 * Runs of consecutive samples that are not `(idle)`: how long the event loop stayed busy at a
 * stretch (one long task or many back to back), and what ran in the long stretches. Work that
 * arrives during a stretch queues behind what is already waiting, so the tail builds up in long
 * stretches more than busy time as such suggests. A native function's samples (`writev`) still
 * include time the thread waited for a CPU.
 */
export function busyStretches(profile: CpuProfile, longMs = 10, top = 8, windows?: readonly ProfileWindow[]): BusyStretches {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parentOf = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parentOf.set(c, n.id);
  const stretches: { us: number; samples: { id: number; us: number }[] }[] = [];
  let current: (typeof stretches)[number] | null = null;
  for (const { id, us, inWindows } of timedSamples(profile, windows)) {
    if (!inWindows || byId.get(id)!.callFrame.functionName === '(idle)') {
      current = null;
      continue;
    }
    if (!current) stretches.push((current = { us: 0, samples: [] }));
    current.us += us;
    current.samples.push({ id, us });
  }
  const busyUs = stretches.reduce((a, s) => a + s.us, 0);
  const pct = (us: number) => (busyUs ? Math.round((us / busyUs) * 1000) / 10 : 0);
  const lengths = STRETCH_BOUNDS_MS.map((from, i) => {
    const to = STRETCH_BOUNDS_MS[i + 1] ?? Infinity;
    const inBucket = stretches.filter((s) => s.us >= from * 1000 && s.us < to * 1000);
    return { bucket: to === Infinity ? `≥ ${from} ms` : `${from}–${to} ms`, count: inBucket.length, busyPct: pct(inBucket.reduce((a, s) => a + s.us, 0)) };
  });
  const long = stretches.filter((s) => s.us >= longMs * 1000);
  const longUs = long.reduce((a, s) => a + s.us, 0);
  const byModule = new Map<string, number>();
  const byWorkspaceFunction = new Map<string, number>();
  const workspaceFunction = new Map<number, string>();
  const innermostWorkspaceFunction = (id: number): string => {
    let name = workspaceFunction.get(id);
    if (name === undefined) {
      const frame = byId.get(id)!.callFrame;
      const parent = parentOf.get(id);
      name = /^(libs|apps)\//.test(moduleOf(frame.url)) ? frameName(frame) : parent === undefined ? '(no libs/apps frame)' : innermostWorkspaceFunction(parent);
      workspaceFunction.set(id, name);
    }
    return name;
  };
  for (const { id, us } of long.flatMap((s) => s.samples)) {
    const module = moduleOfFrame(byId.get(id)!.callFrame);
    byModule.set(module, (byModule.get(module) ?? 0) + us);
    const fn = innermostWorkspaceFunction(id);
    byWorkspaceFunction.set(fn, (byWorkspaceFunction.get(fn) ?? 0) + us);
  }
  return { busyMs: Math.round(busyUs / 1000), lengths, longMs, longBusyPct: pct(longUs), longByModule: ranked(byModule, top, longUs), longByWorkspaceFunction: ranked(byWorkspaceFunction, top, longUs) };
}

export async function readProfiles(dir: string): Promise<{ file: string; profile: CpuProfile }[]> {
  const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.cpuprofile'));
  return Promise.all(files.map(async (f) => ({ file: path.join(dir, f), profile: JSON.parse(await readFile(path.join(dir, f), 'utf8')) as CpuProfile })));
}
