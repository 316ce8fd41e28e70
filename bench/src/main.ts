/**
 * The bench runner: `npm run bench -- --scenario NAME [options]` (scripts/run-app.js loads this
 * file through SWC). Starts what the scenario measures, runs it, stops everything it started
 * (also on error and Ctrl-C), writes bench/results/<scenario>-<date>.json and prints a markdown table.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs, UsageError, type ScenarioName } from './cli/args';
import { busyStretches, hotSpots, readProfiles, toProfileWindows } from './report/cpu-profile';
import { markdownTable } from './report/markdown';
import { codeVersion, machineInfo, RESULTS_DIR, resultPath, writeResult } from './report/results';
import { Cleanup } from './runtime/cleanup';
import { connect } from './scenarios/connect';
import { fanout } from './scenarios/fanout';
import { history } from './scenarios/history';
import { ramp } from './scenarios/ramp';
import type { Scenario } from './scenarios/scenario';
import type { ProfileExitRecord } from './targets/target';

const SCENARIOS: Record<ScenarioName, Scenario> = { fanout, baseline: fanout, ramp, connect, history };

/** Busy stretches of the profiled event loop this long or longer are reported apart: work arriving during one can wait about that long. */
const LONG_STRETCH_MS = 10;

const log = (line: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

async function main(): Promise<number> {
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    throw err;
  }
  const cleanup = new Cleanup();
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) return;
    interrupted = true;
    log(`${signal}: stopping everything the run started`);
    void cleanup.runAll(log).finally(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const startedAt = new Date();
  const file = resultPath(options.scenario, startedAt);
  const cpuProfileDir = options.profile ? path.join(RESULTS_DIR, 'profiles', path.basename(file, '.json')) : undefined;
  if (cpuProfileDir) await mkdir(cpuProfileDir, { recursive: true });
  const machineAtStart = machineInfo();
  const code = codeVersion();
  log(`scenario ${options.scenario}: ${JSON.stringify(options)}`);
  if (machineAtStart.loadAverage[0] > machineAtStart.nproc / 2) {
    log(`warning: the machine is already busy (load average ${machineAtStart.loadAverage.join(' ')} on ${machineAtStart.nproc} cores): figures will be noisy`);
  }
  try {
    const measuredWindows: { startAt: number; endAt: number }[] = [];
    const exits = new Map<number, ProfileExitRecord>();
    const report = await SCENARIOS[options.scenario]({ options, cleanup, log, cpuProfileDir, measuredWindows, onProfiledExit: (r) => exits.set(r.pid, r) });
    await cleanup.runAll(log);
    let markdown = report.markdown;
    let profile: unknown;
    if (cpuProfileDir) {
      const profiles = await readProfiles(cpuProfileDir);
      const summaries = [];
      for (const { file: f, profile: p } of profiles) {
        // Only the measured windows (not start-up, account set-up or drain) when the exit time is known.
        const exit = exits.get(Number(/\.(\d+)\.\d+\.\d+\.cpuprofile$/.exec(f)?.[1]));
        const windows = exit && measuredWindows.length ? toProfileWindows(p, exit.exitedAt, measuredWindows) : undefined;
        const spots = hotSpots(p, 20, windows);
        const stretches = busyStretches(p, LONG_STRETCH_MS, 8, windows);
        summaries.push({ file: f, onlyMeasuredWindows: !!windows, ...spots, stretches });
        markdown += `\n\n#### CPU profile of our server (${path.relative(process.cwd(), f)}; ${windows ? 'measured windows only' : 'whole run'}: ${(spots.totalMs / 1000).toFixed(1)} s sampled, idle included)\n\n`;
        markdown += markdownTable(['module', 'self', '%'], spots.modules.slice(0, 12).map((h) => [h.name, `${h.selfMs} ms`, `${h.selfPct} %`]));
        markdown += '\n\n' + markdownTable(['function', 'self', '%'], spots.functions.map((h) => [h.name, `${h.selfMs} ms`, `${h.selfPct} %`]));
        markdown += `\n\nBusy stretches (runs of samples with no idle one between): ${(stretches.busyMs / 1000).toFixed(1)} s busy, ${stretches.longBusyPct} % of it in stretches of ≥ ${LONG_STRETCH_MS} ms.\n\n`;
        markdown += markdownTable(['stretch length', 'stretches', '% of busy time'], stretches.lengths.map((l) => [l.bucket, String(l.count), `${l.busyPct} %`]));
        markdown += '\n\n' + markdownTable([`in stretches ≥ ${LONG_STRETCH_MS} ms: module`, 'self', '%'], stretches.longByModule.map((h) => [h.name, `${h.selfMs} ms`, `${h.selfPct} %`]));
        markdown += '\n\n' + markdownTable(['… by innermost libs/apps function on the stack', 'self', '%'], stretches.longByWorkspaceFunction.map((h) => [h.name, `${h.selfMs} ms`, `${h.selfPct} %`]));
      }
      profile = summaries;
    }
    const finishedAt = new Date();
    const machineAtEnd = machineInfo();
    const env = Object.entries(options.serverEnv);
    if (env.length) markdown += `\n\n_Our server ran with ${env.map(([k, v]) => `${k}=${v}`).join(' ')}._`;
    markdown += `\n\n_${machineAtStart.nproc} × ${machineAtStart.cpuModel}, ${(machineAtStart.memoryBytes / 2 ** 30).toFixed(0)} GB, node ${machineAtStart.node}; code ${code.commit?.slice(0, 9) ?? '?'}${code.changedFiles ? ` + ${code.changedFiles} changed files` : ''}; load average at start ${machineAtStart.loadAverage.join(' ')}, at end ${machineAtEnd.loadAverage.join(' ')}._`;
    await writeResult(file, { scenario: options.scenario, startedAt, finishedAt, code, machine: machineAtStart, loadAverageAtEnd: machineAtEnd.loadAverage, parameters: options, figures: report.figures, profile, markdown });
    process.stdout.write(`\n${markdown}\n\nresults: ${path.relative(process.cwd(), file)} (${((finishedAt.getTime() - startedAt.getTime()) / 1000).toFixed(0)} s)\n`);
    return 0;
  } catch (err) {
    log(`run failed: ${(err as Error)?.stack ?? String(err)}`);
    await cleanup.runAll(log);
    return 1;
  }
}

main().then(
  (code) => process.exit(code),
  async (err) => {
    log(`fatal: ${(err as Error)?.stack ?? String(err)}`);
    process.exit(1);
  },
);
