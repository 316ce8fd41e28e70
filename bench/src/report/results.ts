import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, freemem, loadavg, release, totalmem } from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../runtime/processes';

export interface MachineInfo {
  nproc: number;
  cpuModel: string;
  memoryBytes: number;
  freeMemoryBytes: number;
  node: string;
  kernel: string;
  /** 1, 5 and 15 minute load averages: other work on the box skews every figure. */
  loadAverage: number[];
}

export function machineInfo(): MachineInfo {
  const list = cpus();
  return { nproc: list.length, cpuModel: list[0]?.model ?? 'unknown', memoryBytes: totalmem(), freeMemoryBytes: freemem(), node: process.version, kernel: release(), loadAverage: loadavg().map((l) => Math.round(l * 100) / 100) };
}

/** The code measured: the commit, and how many files differ from it (the tree may hold uncommitted work). */
export function codeVersion(): { commit: string | null; changedFiles: number | null } {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  try {
    return { commit: git('rev-parse', 'HEAD'), changedFiles: git('status', '--porcelain').split('\n').filter(Boolean).length };
  } catch {
    return { commit: null, changedFiles: null };
  }
}

export const RESULTS_DIR = path.join(REPO_ROOT, 'bench/results');

/** `bench/results/<scenario>-<ISO date>.json` (colons made file-name safe). */
export function resultPath(scenario: string, startedAt: Date): string {
  return path.join(RESULTS_DIR, `${scenario}-${startedAt.toISOString().replace(/:/g, '-').replace(/\.\d+Z$/, 'Z')}.json`);
}

export async function writeResult(file: string, data: unknown): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(data, null, 2)}\n`);
}
