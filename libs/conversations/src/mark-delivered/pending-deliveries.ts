import type { DeliveryAdvancedPayload } from '@chat/contracts';

/** A member's acknowledgement that messages up to `seq` reached one of their devices. */
export interface DeliveryMark {
  tenantId: string;
  conversationId: string;
  userId: string;
  seq: number;
}

/**
 * Acknowledgements not yet written: the highest seq per (conversation, member), so however many
 * arrive between two writes (every device of every member after every message), each pair is
 * one row of the next write.
 */
export class PendingDeliveries {
  private readonly marks = new Map<string, DeliveryMark>();

  get size(): number {
    return this.marks.size;
  }

  add(mark: DeliveryMark): void {
    const key = `${mark.conversationId}:${mark.userId}`;
    const held = this.marks.get(key);
    if (!held || mark.seq > held.seq) this.marks.set(key, mark);
  }

  /** Everything held, leaving nothing. */
  drain(): DeliveryMark[] {
    const marks = [...this.marks.values()];
    this.marks.clear();
    return marks;
  }

  /** Gives back what a failed write took, keeping whichever is higher where a newer mark arrived meanwhile. */
  restore(marks: readonly DeliveryMark[]): void {
    for (const mark of marks) this.add(mark);
  }
}

/**
 * The pointers one write moved, as one event (and so one frame) per conversation, with the senders
 * of the messages they newly cover (`sendersByConversation`), whose devices get the frame.
 */
export function advancesByConversation(
  moved: readonly DeliveryMark[],
  sendersByConversation: ReadonlyMap<string, readonly string[]>,
): { tenantId: string; payload: DeliveryAdvancedPayload }[] {
  const byConversation = new Map<string, { tenantId: string; payload: DeliveryAdvancedPayload }>();
  for (const { tenantId, conversationId, userId, seq } of moved) {
    let advance = byConversation.get(conversationId);
    if (!advance) byConversation.set(conversationId, (advance = { tenantId, payload: { conversationId, pointers: [], senderIds: [...(sendersByConversation.get(conversationId) ?? [])] } }));
    advance.payload.pointers.push({ userId, seq });
  }
  return [...byConversation.values()];
}
