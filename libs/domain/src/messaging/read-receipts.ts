/**
 * Where a read pointer goes when a member reports having read up to `requested`: forward only,
 * and never past the last message. Null when it does not move (nothing to write or announce).
 */
export function nextReadPointer(current: number, requested: number, lastSeq: number): number | null {
  const target = Math.min(requested, lastSeq);
  return target > current ? target : null;
}

/** How many members other than the sender have read the message with this seq (for ✓✓). */
export function readByCount(seq: number, senderId: string, pointers: readonly { userId: string; lastReadSeq: number }[]): number {
  return pointers.filter((p) => p.userId !== senderId && p.lastReadSeq >= seq).length;
}
