import type { TargetName } from '../cli/args';
import type { Cleanup } from '../runtime/cleanup';
import { startBaseline } from './baseline.target';
import { startOurs } from './ours.target';
import { startOursDistributed } from './ours-distributed.target';
import type { RunningTarget, TargetContext } from './target';

export type { RunningTarget, TargetContext } from './target';

/** How each target is started. A target with several gateways returns every URL; the load spreads sockets over them. */
export const TARGET_STARTERS: Record<TargetName, (cleanup: Cleanup, ctx: TargetContext) => Promise<RunningTarget>> = {
  baseline: (cleanup, ctx) => startBaseline(cleanup, ctx),
  ours: (cleanup, ctx) => startOurs(cleanup, ctx),
  'ours-distributed': (cleanup, ctx) => startOursDistributed(cleanup, ctx),
};
