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

/** A member's two pointers as the server stores them. */
export interface StoredPointers {
  userId: string;
  lastReadSeq: number;
  lastDeliveredSeq: number;
}

/** Whether a conversation of this size keeps delivery pointers (DELIVERY_RECEIPTS_MAX_MEMBERS): big channels are where it costs most and means least. */
export function tracksDelivery(memberCount: number, maxMembers: number): boolean {
  return memberCount <= maxMembers;
}

/**
 * A member's pointers as clients see them: reading implies delivery, so the delivery pointer is
 * never below the read pointer (rows from before delivery receipts included); where delivery is
 * not tracked it is the read pointer.
 */
export function visiblePointers(p: StoredPointers, deliveryTracked: boolean): StoredPointers {
  return { userId: p.userId, lastReadSeq: p.lastReadSeq, lastDeliveredSeq: deliveryTracked ? Math.max(p.lastReadSeq, p.lastDeliveredSeq) : p.lastReadSeq };
}

export interface MessageReceipts {
  readBy: { userId: string }[];
  deliveredTo: { userId: string }[];
  pending: { userId: string }[];
}

/** Where the message with this seq stands for each member but its sender (visible pointers): read, delivered and not read, or neither. */
export function messageReceipts(seq: number, senderId: string, pointers: readonly StoredPointers[]): MessageReceipts {
  const receipts: MessageReceipts = { readBy: [], deliveredTo: [], pending: [] };
  for (const p of pointers) {
    if (p.userId === senderId) continue;
    if (p.lastReadSeq >= seq) receipts.readBy.push({ userId: p.userId });
    else if (p.lastDeliveredSeq >= seq) receipts.deliveredTo.push({ userId: p.userId });
    else receipts.pending.push({ userId: p.userId });
  }
  return receipts;
}
