import type { SocketAssignment } from './protocol';

/**
 * Spreads sockets over rooms, URLs and workers. Socket i joins room i mod R and goes to worker
 * floor(i / R) mod W, so every room has members in every worker (a delivery crosses processes)
 * and each worker's sockets cycle through all rooms (round-robin senders load rooms evenly).
 */
export function planSockets(sockets: number, rooms: readonly (string | null)[], urls: readonly string[], workers: number): SocketAssignment[][] {
  if (rooms.length === 0 || urls.length === 0 || workers < 1) throw new Error('planSockets needs at least one room, url and worker');
  const plan: SocketAssignment[][] = Array.from({ length: workers }, () => []);
  for (let i = 0; i < sockets; i++) {
    plan[Math.floor(i / rooms.length) % workers].push({ index: i, url: urls[i % urls.length], room: rooms[i % rooms.length] });
  }
  return plan;
}

/** Sends due by `elapsedMs` at a steady rate (a schedule, so a slow tick catches up rather than drifting). */
export function dueSends(elapsedMs: number, ratePerSecond: number): number {
  return elapsedMs <= 0 ? 0 : Math.floor((elapsedMs * ratePerSecond) / 1000);
}

/** Deliveries the acked messages must produce: each goes to every member socket of its room (the sender's too). */
export function expectedDeliveries(ackedByRoom: Record<string, number>, membersByRoom: Record<string, number>): number {
  return Object.entries(ackedByRoom).reduce((sum, [room, acked]) => sum + acked * (membersByRoom[room] ?? 0), 0);
}

/** The body of a load message: `phase|sentAtMs|padding`, the send time read back at receipt. */
export function messageBody(phase: string, sentAtMs: number, bytes: number): string {
  const head = `${phase}|${sentAtMs.toFixed(3)}|`;
  return head.length >= bytes ? head : head + 'x'.repeat(bytes - head.length);
}

export function parseMessageBody(body: string): { phase: string; sentAtMs: number } | null {
  const a = body.indexOf('|');
  const b = a < 0 ? -1 : body.indexOf('|', a + 1);
  if (b < 0) return null;
  const sentAtMs = Number(body.slice(a + 1, b));
  return Number.isFinite(sentAtMs) ? { phase: body.slice(0, a), sentAtMs } : null;
}
