import type { BenchOptions } from '../cli/args';
import type { Cleanup } from '../runtime/cleanup';
import type { ProfileExitRecord } from '../targets/target';

export interface ScenarioContext {
  options: BenchOptions;
  cleanup: Cleanup;
  log: (line: string) => void;
  /** Set with --profile: our server writes its V8 CPU profile here. */
  cpuProfileDir?: string;
  /** Wall-clock spans that were measured: the CPU profile summary keeps only these. */
  measuredWindows: { startAt: number; endAt: number }[];
  /** Collects when profiled servers exited (see TargetContext.onProfiledExit). */
  onProfiledExit: (record: ProfileExitRecord) => void;
}

export interface ScenarioReport {
  /** Everything measured, as written to bench/results/<scenario>-<date>.json. */
  figures: unknown;
  /** Printed at the end of the run. */
  markdown: string;
}

export type Scenario = (ctx: ScenarioContext) => Promise<ScenarioReport>;
