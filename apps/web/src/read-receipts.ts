import type { ReadPointersResponse } from '@chat/contracts';

/**
 * How far each other member of the open conversation has read: `GET …/reads` when it opens
 * (and after a reconnect), then `read` frames. A message with seq S is seen by the members whose
 * pointer is at S or beyond; pointers only move forward, so a late or repeated frame changes nothing.
 */
export class ReadReceipts {
  private readonly pointers = new Map<string, number>();

  constructor(private readonly meId: string) {}

  reset(reads: ReadPointersResponse['reads'] = []): void {
    this.pointers.clear();
    for (const { userId, lastReadSeq } of reads) this.note(userId, lastReadSeq);
  }

  /** True when the pointer moved (so seen marks need redrawing). */
  note(userId: string, seq: number): boolean {
    if (userId === this.meId || seq <= (this.pointers.get(userId) ?? 0)) return false;
    this.pointers.set(userId, seq);
    return true;
  }

  /** The other members who have read message `seq`, among `memberIds`. */
  readersOf(seq: number, memberIds: string[]): string[] {
    return memberIds.filter((id) => id !== this.meId && (this.pointers.get(id) ?? 0) >= seq);
  }
}
