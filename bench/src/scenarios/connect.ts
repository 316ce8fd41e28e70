import { randomBytes } from 'node:crypto';
import type { TargetName } from '../cli/args';
import { LoadPool, type ConnectFigures } from '../load/load-pool';
import { planSockets } from '../load/plan';
import { kb, mb, ms, num, pct, seconds, times } from '../report/format';
import { markdownTable } from '../report/markdown';
import { bytesPerConnection, ratio } from '../report/stats';
import { sleep } from '../runtime/processes';
import { wallNow } from '../runtime/clock';
import type { LiveMemory } from '../runtime/live-memory';
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
  /** Live heap + external memory after a full collection, before and with the sockets idle (null: the target cannot tell). */
  liveBefore: LiveMemory | null;
  liveAfter: LiveMemory | null;
  /** (live memory with N idle sockets − live memory before) / N: the figure the target is judged by. */
  liveBytesPerIdleConnection: number | null;
}

const TARGET_TIME_MS = 10_000;
const TARGET_BYTES = 20 * 1024;

/**
 * A connection storm: N sockets (accounts made beforehand, not timed) all connecting at once,
 * spread over the load workers. Time from the common start to the last connect; server memory
 * per idle connection from the live JS memory after a full collection before and after (read
 * through the V8 inspector), and from RSS (each the median of a few readings) for comparison.
 */
export const connect: Scenario = async ({ options, cleanup, log, cpuProfileDir, measuredWindows, onProfiledExit }) => {
  const results: Partial<Record<TargetName, ConnectTargetFigures>> = {};
  for (const name of options.targets) {
    const target = await TARGET_STARTERS[name](cleanup, { cpuProfileDir, onProfiledExit, serverEnv: options.serverEnv, log, inspect: true });
    let pool: LoadPool | null = null;
    try {
      pool = await LoadPool.start(options.workers, cleanup);
      const runId = randomBytes(3).toString('hex');
      const accounts = await pool.setup(planSockets(options.sockets, [null], target.urls, pool.size), target.needsAccounts, `c${runId}_`);
      if (accounts.failed) throw new Error(`${accounts.failed} accounts failed: ${accounts.errors.join('; ')}`);
      await target.settle?.(60_000); // the set-up's own events out of the way
      await sleep(options.warmupS * 1000);
      // The collection first, so RSS before is read without the set-up's garbage too.
      const liveBefore = (await target.liveMemory?.()) ?? null;
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
      const liveAfter = (await target.liveMemory?.()) ?? null;
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
        liveBefore,
        liveAfter,
        liveBytesPerIdleConnection: liveBefore && liveAfter ? bytesPerConnection(liveTotal(liveBefore), liveTotal(liveAfter), storm.connected) : null,
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
    ['server live JS memory before (heap + external, after a full GC)', (r) => (r.liveBefore ? liveTotal(r.liveBefore) : null), mb, true],
    ['server live JS memory with the sockets idle', (r) => (r.liveAfter ? liveTotal(r.liveAfter) : null), mb, true],
    ['memory per idle connection (live JS memory)', (r) => r.liveBytesPerIdleConnection, kb, true],
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
          ['idle connection ≤ 20 KB of server memory (live JS memory)', kb(ours.liveBytesPerIdleConnection), idleMemoryVerdict(ours.liveBytesPerIdleConnection)],
        ],
        ['left', 'right', 'left'],
      ),
    );
  }
  const errors = names.flatMap((n) => results[n]!.storm.errors.slice(0, 3).map((e) => `- ${n}: ${e}`));
  if (errors.length) out.push('', 'Errors seen:', ...errors);
  return out.join('\n');
}

const liveTotal = (m: LiveMemory) => m.heapUsedBytes + m.externalBytes;

/**
 * The idle-memory target's verdict. Memory that fell while the sockets connected (garbage of the
 * set-up collected) makes the difference meaningless, not small.
 */
export function idleMemoryVerdict(bytesPerConnection: number | null): string {
  if (bytesPerConnection === null) return 'NOT MET';
  if (bytesPerConnection <= 0) return 'not measured (memory fell while the sockets connected)';
  return bytesPerConnection <= TARGET_BYTES ? 'MET' : 'NOT MET';
}
