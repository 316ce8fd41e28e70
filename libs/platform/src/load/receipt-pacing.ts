import type { ReceiptPacingConfig } from '../config/load-config';

/** A step down is taken only with this much room below it, so a count hovering at a step's edge does not flap. */
const STEP_DOWN_HEADROOM = 1.25;

/** A node counts the receipts of at least this many intervals before it asks for another one. */
const WINDOW_INTERVALS = 2;

/**
 * The interval a node asks its clients to leave between two receipts for one conversation, given
 * how many of its sockets are acknowledging and what it asked so far. Every busy socket
 * acknowledges about once per interval, so the receipts a node takes grow with its busy sockets,
 * not its messages: 2,000 acknowledging sockets cost a 2-core box about a core (docs/benchmarks.md,
 * session 24). Asking for `sockets / RECEIPTS_PER_SECOND_PER_NODE` seconds keeps them within that budget.
 *
 * The interval moves in doublings of the least one, and down only when the lower step leaves a
 * quarter of room, so a node whose count hovers at an edge does not tell every socket each time.
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

/**
 * The interval one node asks, from the receipts it takes. Idle sockets send none, so a node full of
 * them keeps the least interval (counting its sockets instead asked 16 s of a node of 10,000 idle
 * ones). Receipts are counted in windows of at least two intervals; the sockets acknowledging are
 * the receipts per second times the interval they were sent under. After a change the next window
 * starts one old interval later, once the clients' receipts scheduled under the old one are sent.
 */
export class ReceiptPacer {
  private intervalMs: number;
  private countingFrom: number;
  private receipts = 0;

  constructor(
    private readonly pacing: ReceiptPacingConfig,
    nowMs: number,
  ) {
    this.intervalMs = pacing.minIntervalMs;
    this.countingFrom = nowMs;
  }

  get currentMs(): number {
    return this.intervalMs;
  }

  /** A receipt (`read` or `delivered`) reached this node. */
  took(nowMs: number): void {
    if (nowMs >= this.countingFrom) this.receipts++;
  }

  /** Once a window is counted, the interval to ask next; answers whether it changed. */
  repace(nowMs: number): boolean {
    const spanMs = nowMs - this.countingFrom;
    if (spanMs < WINDOW_INTERVALS * this.intervalMs) return false;
    const acknowledging = (this.receipts * this.intervalMs) / spanMs;
    const next = receiptIntervalFor(acknowledging, this.intervalMs, this.pacing);
    this.receipts = 0;
    if (next === this.intervalMs) {
      this.countingFrom = nowMs;
      return false;
    }
    this.countingFrom = nowMs + this.intervalMs;
    this.intervalMs = next;
    return true;
  }
}
