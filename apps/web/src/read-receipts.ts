import type { DeliveryPointer, ReadPointersResponse } from '@chat/contracts';

/**
 * How far each other member of the open conversation has read, and how far messages have reached
 * their devices: `GET …/reads` when it opens (and after a reconnect), then `read` and `delivered`
 * frames. A message with seq S is seen by the members whose read pointer is at S or beyond, and
 * delivered to those whose delivery pointer is; reading implies delivery, and pointers only move
 * forward, so a late or repeated frame changes nothing.
 */
export class ReadReceipts {
  private readonly reads = new Map<string, number>();
  private readonly deliveries = new Map<string, number>();

  constructor(private readonly meId: string) {}

  reset(reads: ReadPointersResponse['reads'] = []): void {
    this.reads.clear();
    this.deliveries.clear();
    for (const { userId, lastReadSeq, lastDeliveredSeq } of reads) {
      this.note(userId, lastReadSeq);
      this.noteDelivered([{ userId, seq: lastDeliveredSeq }]);
    }
  }

  /** A read pointer moved; true when that changes a mark (so seen marks need redrawing). */
  note(userId: string, seq: number): boolean {
    const delivered = this.raise(this.deliveries, userId, seq);
    return this.raise(this.reads, userId, seq) || delivered;
  }

  /** Delivery pointers moved (one `delivered` frame); true when any mark changes. */
  noteDelivered(pointers: readonly DeliveryPointer[]): boolean {
    return pointers.map(({ userId, seq }) => this.raise(this.deliveries, userId, seq)).some(Boolean);
  }

  /** The other members who have read message `seq`, among `memberIds`. */
  readersOf(seq: number, memberIds: string[]): string[] {
    return memberIds.filter((id) => id !== this.meId && (this.reads.get(id) ?? 0) >= seq);
  }

  /** The other members on one of whose devices message `seq` is (read or not), among `memberIds`. */
  deliveredTo(seq: number, memberIds: string[]): string[] {
    return memberIds.filter((id) => id !== this.meId && (this.deliveries.get(id) ?? 0) >= seq);
  }

  private raise(pointers: Map<string, number>, userId: string, seq: number): boolean {
    if (userId === this.meId || seq <= (pointers.get(userId) ?? 0)) return false;
    pointers.set(userId, seq);
    return true;
  }
}
