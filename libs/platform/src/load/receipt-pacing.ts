import type { ReceiptPacingConfig } from '../config/load-config';

/** A step down is taken only with this much room below it, so a count hovering at a step's edge does not flap. */
const STEP_DOWN_HEADROOM = 1.25;

/**
 * The interval a node asks its clients to leave between two receipts for one conversation, given
 * how many sockets it holds now and what it asked so far. Every busy socket acknowledges about
 * once per interval, so the receipts a node takes grow with its sockets, not its messages: 2,000
 * acknowledging sockets cost a 2-core box about a core (docs/benchmarks.md, session 24). Asking for
 * `sockets / RECEIPTS_PER_SECOND_PER_NODE` seconds keeps them within that budget.
 *
 * The interval moves in doublings of the least one, and down only when the lower step leaves a
 * quarter of room, so a node whose count hovers at an edge does not tell every socket each time
 * one comes or goes.
 */
export function receiptIntervalFor(sockets: number, currentMs: number, pacing: ReceiptPacingConfig): number {
  if (pacing.perSecond === 0) return pacing.minIntervalMs;
  const neededMs = (sockets * 1000) / pacing.perSecond;
  const up = stepAtLeast(neededMs, pacing);
  if (up >= currentMs) return up;
  return Math.min(currentMs, stepAtLeast(neededMs * STEP_DOWN_HEADROOM, pacing));
}

/** The least of min · 2^k reaching `ms`, capped at the max. */
function stepAtLeast(ms: number, { minIntervalMs, maxIntervalMs }: ReceiptPacingConfig): number {
  let step = minIntervalMs;
  while (step < ms && step < maxIntervalMs) step *= 2;
  return Math.min(step, maxIntervalMs);
}
