import type { TargetName } from '../cli/args';
import { deliveryAcksNote, num, wholeOrTenths } from '../report/format';
import { dbTable, fanoutTable } from './fanout-report';
import { withLoadSession, type StepFigures } from './load-session';
import type { Scenario } from './scenario';
import { hostNoiseWarnings } from './host-noise';

/**
 * S sockets in R rooms, a fixed total send rate, the same load against each target in turn
 * (by default the baseline, then ours, in the same run): per-delivery latency, deliveries/s,
 * acks/s, server CPU and memory. `baseline` is this scenario with only the baseline target.
 */
export const fanout: Scenario = async ({ options, cleanup, log, cpuProfileDir, measuredWindows, onProfiledExit }) => {
  const results: Partial<Record<TargetName, StepFigures & { accountsMs: number; connectMs: number | null; settleMs: number | null; rssBeforeSocketsBytes: number }>> = {};
  for (const target of options.targets) {
    results[target] = await withLoadSession(
      { target, sockets: options.sockets, rooms: options.rooms, workers: options.workers, bodyBytes: options.bodyBytes, deliveryAcksMs: options.deliveryAcksMs, cpuProfileDir, onProfiledExit, serverEnv: options.serverEnv, log, onMeasuredWindow: (startAt, endAt) => measuredWindows.push({ startAt, endAt }) },
      cleanup,
      async (session) => {
        log(`${target}: warm-up ${options.warmupS} s, then measuring ${options.durationS} s at ${options.rate} msg/s`);
        const step = await session.measure(options.rate, options.warmupS * 1000, options.durationS * 1000);
        log(`${target}: p99 ${step.load.deliveryLatency.p99} ms, ${num(step.load.deliveredPerSec)} deliveries/s, ${step.load.ackErrors} ack errors`);
        return { ...step, accountsMs: session.accountsMs, connectMs: session.connect.timeToAllConnectedMs, settleMs: session.settleMs, rssBeforeSocketsBytes: session.rssBeforeSocketsBytes };
      },
    );
  }
  const roomSize = options.sockets / options.rooms;
  const errors = Object.entries(results)
    .filter(([, r]) => r && r.load.errors.length)
    .map(([t, r]) => `- ${t}: ${r!.load.errors.slice(0, 5).join(' · ')}`);
  const noise = hostNoiseWarnings((Object.entries(results) as [TargetName, StepFigures][]).map(([label, step]) => ({ label, step })));
  const markdown = [
    `### ${options.scenario}: ${num(options.sockets)} sockets, ${num(options.rooms)} rooms of ${wholeOrTenths(roomSize)}, ${num(options.rate)} msg/s → ${num(options.rate * roomSize)} deliveries/s asked; ${options.durationS} s measured after ${options.warmupS} s warm-up, ${options.workers} load workers${deliveryAcksNote(options.deliveryAcksMs)}`,
    '',
    fanoutTable(results),
    ...(results.ours && dbTable(results.ours) ? ['', `Postgres activity of ours over the measured window (${num(results.ours.db!.commitsPerSec)} commits/s):`, '', dbTable(results.ours)!] : []),
    ...(errors.length ? ['', 'Errors seen:', ...errors] : []),
    ...noise.flatMap((warning) => ['', warning]),
  ].join('\n');
  return { figures: { roomSize, results }, markdown };
};
