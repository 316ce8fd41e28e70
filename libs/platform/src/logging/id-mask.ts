/**
 * Identifiers in log lines, masked (seed 004 R6.2): a UUID (a user's, a conversation's, a
 * message's) is written as "…" and its last 8 hex digits. Enough to follow one through the lines
 * around it, and to find a known one's lines (grep its last 8 digits); not enough to name it to the
 * API, or to read it off a shared log. Applied to each whole JSON line as pino writes it (its
 * `streamWrite` hook), so the message text, fields and error stacks are all covered. Request ids stay
 * whole: they are no one's data, and support finds a failure's lines by the one its answer carries.
 */
const UUID = /(?<!"(?:requestId|reqId)":")\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}([0-9a-f]{8})\b/gi;

export function maskIds(line: string): string {
  return line.replace(UUID, (_, tail: string) => `…${tail}`);
}
