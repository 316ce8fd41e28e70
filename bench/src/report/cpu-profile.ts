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

/** Self time per function and per module from a V8 .cpuprofile, biggest first. */
export function hotSpots(profile: CpuProfile, top = 15, windows?: readonly ProfileWindow[]): { functions: HotSpot[]; modules: HotSpot[]; totalMs: number } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  let t = profile.startTime ?? 0;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    t += delta;
    if (windows && !windows.some((w) => t >= w.fromUs && t <= w.toUs)) return;
    self.set(id, (self.get(id) ?? 0) + delta);
  });
  const totalUs = [...self.values()].reduce((a, b) => a + b, 0);
  const fn = new Map<string, number>();
  const mod = new Map<string, number>();
  for (const [id, us] of self) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const where = url ? `${url.replace(/^file:\/\//, '').replace(/^.*\/(node_modules|libs|apps)\//, '$1/')}:${lineNumber + 1}` : '';
    const key = `${functionName || '(anonymous)'}${where ? ` ${where}` : ''}`;
    fn.set(key, (fn.get(key) ?? 0) + us);
    const m = functionName.startsWith('(') && !url ? functionName : moduleOf(url);
    mod.set(m, (mod.get(m) ?? 0) + us);
  }
  const rank = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, selfMs: Math.round(us / 1000), selfPct: totalUs ? Math.round((us / totalUs) * 1000) / 10 : 0 }));
  return { functions: rank(fn), modules: rank(mod), totalMs: Math.round(totalUs / 1000) };
}

export async function readProfiles(dir: string): Promise<{ file: string; profile: CpuProfile }[]> {
  const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.cpuprofile'));
  return Promise.all(files.map(async (f) => ({ file: path.join(dir, f), profile: JSON.parse(await readFile(path.join(dir, f), 'utf8')) as CpuProfile })));
}
