import type { LoadLevel, ServerStatusFrame, SheddableFeature } from '@chat/contracts';
import type { LoadConfig } from '../config/load-config';

/**
 * What each level pauses: shedding gives up what a chat can do without, backpressure new messages
 * too. Receipts (`read`, `delivered`) are among the first: every member's client sends them by
 * itself, so in busy rooms they outnumber the messages, and clients send a refused one again after
 * its Retry-After (pointers only move forward, so nothing is lost by waiting).
 */
export const PAUSED_AT: Record<LoadLevel, SheddableFeature[]> = {
  normal: [],
  shedding: ['typing', 'reactions', 'receipts'],
  backpressure: ['typing', 'reactions', 'receipts', 'messages'],
};

/** What clients are told of a level (the `server.status` frame): never the reasons, which are operators' business. */
export function serverStatus(level: LoadLevel): ServerStatusFrame {
  return { level, paused: [...PAUSED_AT[level]] };
}

const RANK: Record<LoadLevel, number> = { normal: 0, shedding: 1, backpressure: 2 };

/** One reading of what the node's load is made of. */
export interface LoadSignals {
  /** Share of the window the event loop was busy, 0..1. */
  loopUtilization: number;
  /** How long the oldest event still waiting for the bus has waited (ms; 0 when none waits). */
  eventLagMs: number;
  /** Sends waiting for their statement. */
  sendQueue: number;
  /** Dependencies whose probe failed or answered too slowly. */
  slowDependencies: readonly string[];
}

export interface LoadAssessment {
  level: LoadLevel;
  /** Why, for operators (logs, /health/ready); never sent to clients. */
  reasons: string[];
}

export interface LoadState extends LoadAssessment {
  /** When this level began (ms since the epoch). */
  since: number;
  /** When the signals first asked for a lower level, while the level is held for LOAD_RECOVERY_MS. */
  calmSince: number | null;
}

export const NORMAL_LOAD: LoadState = { level: 'normal', reasons: [], since: 0, calmSince: null };

type Thresholds = Pick<LoadConfig, 'shedLoopPercent' | 'shedEventLagMs' | 'backpressureLoopPercent' | 'backpressureSendQueue'>;

/**
 * The level the signals ask for now; a threshold of 0 is off. `loopMayRefuseMessages` false: a
 * loop past LOAD_BACKPRESSURE_LOOP_PERCENT asks only for shedding (see loopMayRefuseMessages).
 */
export function assessLoad(s: LoadSignals, t: Thresholds, loopMayRefuseMessages = true): LoadAssessment {
  const busyPercent = Math.round(s.loopUtilization * 100);
  const busy = `event loop ${busyPercent} % busy`;
  const saturated = t.backpressureLoopPercent > 0 && busyPercent >= t.backpressureLoopPercent;
  const backpressure: string[] = [];
  if (saturated && loopMayRefuseMessages) backpressure.push(busy);
  if (t.backpressureSendQueue > 0 && s.sendQueue >= t.backpressureSendQueue) backpressure.push(`${s.sendQueue} sends queued`);
  const shedding: string[] = [];
  if (((t.shedLoopPercent > 0 && busyPercent >= t.shedLoopPercent) || saturated) && !backpressure.includes(busy)) shedding.push(busy);
  if (t.shedEventLagMs > 0 && s.eventLagMs >= t.shedEventLagMs) shedding.push(`events ${(s.eventLagMs / 1000).toFixed(1)} s behind`);
  for (const name of s.slowDependencies) shedding.push(`${name} slow or unreachable`);
  if (backpressure.length > 0) return { level: 'backpressure', reasons: [...backpressure, ...shedding] };
  if (shedding.length > 0) return { level: 'shedding', reasons: shedding };
  return { level: 'normal', reasons: [] };
}

/**
 * Whether a saturated event loop may refuse new messages yet: only once shedding has been in force
 * for a whole window (or messages are refused already). Shedding pauses receipts, typing and
 * reactions, which in busy rooms are most of the socket events (every member's client acknowledges
 * deliveries), and clients stop sending them once told; the loop's window then needs that long to
 * show whether it was enough (seed 003: non-critical load is shed before core messaging). Refusing
 * messages at the first saturated window made any burst of receipts refuse every send for
 * LOAD_RECOVERY_MS; with no loop backpressure at all, 2,000 sockets acknowledging at 100 msg/s had
 * every message delivered. A long send queue still refuses messages at once: that is the backlog.
 */
export function loopMayRefuseMessages(previous: LoadState, now: number, windowMs: number): boolean {
  return previous.level === 'backpressure' || (previous.level === 'shedding' && now - previous.since >= windowMs);
}

/**
 * The next state: a higher level is taken at once; a lower one only after the signals have asked
 * for it for `recoveryMs` without a break, so a node at the edge of a threshold does not flap
 * (and tell every client so) each sample.
 */
export function nextLoadState(previous: LoadState, wanted: LoadAssessment, now: number, recoveryMs: number): LoadState {
  if (RANK[wanted.level] >= RANK[previous.level]) {
    const since = wanted.level === previous.level ? previous.since : now;
    return { ...wanted, since, calmSince: null };
  }
  const calmSince = previous.calmSince ?? now;
  if (now - calmSince >= recoveryMs) return { ...wanted, since: now, calmSince: null };
  return { ...previous, calmSince };
}
