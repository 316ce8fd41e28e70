import { randomBytes } from 'node:crypto';
import type { TargetName } from '../cli/args';
import { LoadPool, type ConnectFigures } from '../load/load-pool';
import { planSockets } from '../load/plan';
import { kb, mb, ms, num, pct, seconds, times } from '../report/format';
import { markdownTable } from '../report/markdown';
import { bytesPerConnection, ratio } from '../report/stats';
import { sleep } from '../runtime/processes';
import { wallNow } from '../runtime/clock';
import { listenOverflows } from '../runtime/proc-stats';
import { measureCpu, steadyRss } from '../runtime/sampler';
import { TARGET_STARTERS } from '../targets';
import type { Scenario } from './scenario';

interface ConnectTargetFigures {
  accountsMs: number;
  storm: ConnectFigures;
  stormCpu: { nodeCpuPct: number; treeCpuPct: number } | null;
  /** The load workers' CPU during the storm: near 100 % per worker, the clients are the limit. */
  loadgenCpu: { nodeCpuPct: number; treeCpuPct: number } | null;
  /** Machine-wide TcpExt.ListenOverflows during the storm: SYNs dropped on a full accept queue, retried 1, 3, 7 … s later. */
  listenOverflows: number | null;
  rssBeforeBytes: number;
  rssAfterBytes: number;
  treePssBeforeBytes: number;
  treePssAfterBytes: number;
  /** (RSS with N idle sockets − RSS before) / N. */
  bytesPerIdleConnection: number | null;
  treeBytesPerIdleConnection: number | null;
}

const TARGET_TIME_MS = 10_000;
const TARGET_BYTES = 20 * 1024;

/**
 * A connection storm: N sockets (accounts made beforehand, not timed) all connecting at once,
 * spread over the load workers. Time from the common start to the last connect; server memory
 * per idle connection from RSS before and after (each the median of a few readings).
 */
export const connect: Scenario = async ({ options, cleanup, log, cpuProfileDir, measuredWindows, onProfiledExit }) => {
  const results: Partial<Record<TargetName, ConnectTargetFigures>> = {};
  for (const name of options.targets) {
    const target = await TARGET_STARTERS[name](cleanup, { cpuProfileDir, onProfiledExit, serverEnv: options.serverEnv, log });
    let pool: LoadPool | null = null;
    try {
      pool = await LoadPool.start(options.workers, cleanup);
      const runId = randomBytes(3).toString('hex');
      const accounts = await pool.setup(planSockets(options.sockets, [null], target.urls, pool.size), target.needsAccounts, `c${runId}_`);
      if (accounts.failed) throw new Error(`${accounts.failed} accounts failed: ${accounts.errors.join('; ')}`);
      await target.settle?.(60_000); // the set-up's own events out of the way
      await sleep(options.warmupS * 1000);
      const before = await steadyRss(target.pids);
      log(`${name}: ${options.sockets} sockets connecting at once over ${pool.size} workers`);
      const overflowsBefore = listenOverflows();
      const stormStart = wallNow();
      const { value: measured, cpu: loadgenCpu } = await measureCpu(pool.pids(), () => measureCpu(target.pids, () => pool!.connect({ concurrency: 0, join: false })));
      const { value: storm, cpu } = measured;
      const overflowsAfter = listenOverflows();
      measuredWindows.push({ startAt: stormStart, endAt: wallNow() });
      log(`${name}: ${storm.connected} connected, ${storm.failed} failed in ${((storm.timeToAllConnectedMs ?? 0) / 1000).toFixed(2)} s`);
      await sleep(options.durationS * 1000);
      const after = await steadyRss(target.pids);
      results[name] = {
        accountsMs: accounts.elapsedMs,
        storm,
        stormCpu: cpu,
        loadgenCpu,
        listenOverflows: overflowsBefore !== null && overflowsAfter !== null ? overflowsAfter - overflowsBefore : null,
        rssBeforeBytes: before.rssBytes,
        rssAfterBytes: after.rssBytes,
        treePssBeforeBytes: before.treePssBytes,
        treePssAfterBytes: after.treePssBytes,
        bytesPerIdleConnection: bytesPerConnection(before.rssBytes, after.rssBytes, storm.connected),
        treeBytesPerIdleConnection: bytesPerConnection(before.treePssBytes, after.treePssBytes, storm.connected),
      };
    } finally {
      await pool?.close();
      await target.stop();
    }
  }
  return { figures: { targetTimeMs: TARGET_TIME_MS, targetBytesPerConnection: TARGET_BYTES, results }, markdown: report(options.sockets, results) };
};

function report(sockets: number, results: Partial<Record<TargetName, ConnectTargetFigures>>): string {
  const names = (Object.keys(results) as TargetName[]).filter((n) => results[n]);
  const both = names.includes('ours') && names.includes('baseline');
  const rows: [string, (r: ConnectTargetFigures) => number | null, (v: number | null) => string, boolean][] = [
    ['sockets connected', (r) => r.storm.connected, (v) => num(v), false],
    ['failed', (r) => r.storm.failed, (v) => num(v), false],
    ['time to all connected', (r) => r.storm.timeToAllConnectedMs, seconds, true],
    ['per-socket connect time p50', (r) => r.storm.connectLatency.p50, ms, true],
    ['per-socket connect time p99', (r) => r.storm.connectLatency.p99, ms, true],
    ['server CPU during the storm, node', (r) => r.stormCpu?.nodeCpuPct ?? null, (v) => pct(v), true],
    ['server CPU during the storm, node + Postgres', (r) => r.stormCpu?.treeCpuPct ?? null, (v) => pct(v), true],
    ['load generator CPU during the storm', (r) => r.loadgenCpu?.treeCpuPct ?? null, (v) => pct(v), false],
    ['listen queue overflows (dropped SYNs, machine-wide)', (r) => r.listenOverflows, (v) => num(v), false],
    ['server RSS before', (r) => r.rssBeforeBytes, mb, true],
    ['server RSS with the sockets idle', (r) => r.rssAfterBytes, mb, true],
    ['memory per idle connection (node RSS)', (r) => r.bytesPerIdleConnection, kb, true],
    ['memory per idle connection (node + Postgres PSS)', (r) => r.treeBytesPerIdleConnection, kb, true],
  ];
  const table = markdownTable(
    ['metric', ...names, ...(both ? ['ours ÷ baseline'] : [])],
    rows.map(([label, get, fmt, withRatio]) => [
      label,
      ...names.map((n) => fmt(get(results[n]!))),
      ...(both ? [withRatio ? times(ratio(get(results.ours!), get(results.baseline!))) : ''] : []),
    ]),
  );
  const out = [`### connect: ${num(sockets)} sockets connecting at once`, '', table];
  const ours = results.ours;
  if (ours) {
    const time = ours.storm.timeToAllConnectedMs;
    const timeVerdict = sockets !== 5000 ? 'n/a (the target is for 5,000)' : ours.storm.failed === 0 && time !== null && time <= TARGET_TIME_MS ? 'MET' : 'NOT MET';
    out.push(
      '',
      markdownTable(
        ['target', 'measured (ours)', 'verdict'],
        [
          [`5,000 sockets connect in ≤ 10 s`, `${seconds(time)} for ${num(sockets)}`, timeVerdict],
          ['idle connection ≤ 20 KB of server memory', kb(ours.bytesPerIdleConnection), idleMemoryVerdict(ours.bytesPerIdleConnection)],
        ],
        ['left', 'right', 'left'],
      ),
    );
  }
  const errors = names.flatMap((n) => results[n]!.storm.errors.slice(0, 3).map((e) => `- ${n}: ${e}`));
  if (errors.length) out.push('', 'Errors seen:', ...errors);
  return out.join('\n');
}

/**
 * The idle-memory target's verdict. RSS can fall while the sockets connect (garbage of the
 * set-up is collected, and V8 returns the pages), which makes the difference meaningless, not small.
 */
export function idleMemoryVerdict(bytesPerConnection: number | null): string {
  if (bytesPerConnection === null) return 'NOT MET';
  if (bytesPerConnection <= 0) return 'not measured (RSS fell while the sockets connected)';
  return bytesPerConnection <= TARGET_BYTES ? 'MET' : 'NOT MET';
}
