import type { TargetName } from '../cli/args';
import type { Cleanup } from '../runtime/cleanup';
import { startBaseline } from './baseline.target';
import { startOurs } from './ours.target';
import type { RunningTarget, TargetContext } from './target';

export type { RunningTarget, TargetContext } from './target';

/**
 * How each target is started. Extension point for the distributed mode: add a name to TARGETS
 * (cli/args.ts), e.g. `ours-distributed`, and a starter here that brings up two gateways (plus
 * the command/query apps and their engines), returns both gateway URLs in `urls` (the load
 * spreads sockets over them round-robin, so a room's members sit on both gateways and every
 * delivery crosses the adapter) and every server pid in `pids`. The scenarios need no change:
 * `npm run bench -- --scenario fanout --targets baseline,ours,ours-distributed`.
 */
export const TARGET_STARTERS: Record<TargetName, (cleanup: Cleanup, ctx: TargetContext) => Promise<RunningTarget>> = {
  baseline: (cleanup) => startBaseline(cleanup),
  ours: (cleanup, ctx) => startOurs(cleanup, ctx),
};
