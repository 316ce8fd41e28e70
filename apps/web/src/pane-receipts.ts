import type { DeliveryPointer, ReadPointersResponse } from '@chat/contracts';
import { PointerReporter, followServerReceipts, type RealtimeClient } from '@chat/sdk';
import type { Seen } from './message-list-view';
import type { PaneMembers } from './pane-members';
import { ReadReceipts } from './read-receipts';
import type { SessionApi } from './session-api';

/**
 * Receipts in the open conversation, both ways: how far the other members have read and what
 * has reached their devices (fetched when it opens and after a reconnect, then `read` and
 * `delivered` frames), answered as each message's seen mark; and how far this tab has read, told
 * to the server. The pane decides when a mark needs redrawing and what is in view.
 */
export class PaneReceipts {
  private readonly receipts: ReadReceipts;
  /**
   * Tells the server how far this tab read in the open conversation (each seq once, forward only; a
   * failed report goes with the next one, a refused one again at its Retry-After, none while the
   * server says receipts are paused). Forgets the conversation when another opens (or none): no
   * retry left for it, and reported afresh if it opens again.
   */
  private readonly reporter: PointerReporter;

  constructor(
    private readonly api: Pick<SessionApi, 'markRead' | 'readPointers'>,
    client: RealtimeClient,
    meId: string,
    private readonly members: Pick<PaneMembers, 'others' | 'nameOf'>,
  ) {
    this.receipts = new ReadReceipts(meId);
    this.reporter = new PointerReporter((id, seq) => api.markRead(id, seq));
    followServerReceipts(client.socket, this.reporter);
  }

  /** Receipts are extra: without them my messages show sent (✓), and the conversation still opens. */
  fetch(conversationId: string): Promise<ReadPointersResponse['reads']> {
    return this.api.readPointers(conversationId).then(
      (r) => r.reads,
      () => [],
    );
  }

  /** Everyone's pointers as fetched (none: another conversation opens, or none). */
  reset(reads?: ReadPointersResponse['reads']): void {
    this.receipts.reset(reads);
  }

  /** A `read` frame; true when a seen mark changes. */
  noteRead(userId: string, seq: number): boolean {
    return this.receipts.note(userId, seq);
  }

  /** A `delivered` frame; true when a mark changes. */
  noteDelivered(pointers: DeliveryPointer[]): boolean {
    return this.receipts.noteDelivered(pointers);
  }

  seenBy(seq: number): Seen {
    const others = this.members.others().map((m) => m.userId);
    const readers = this.receipts.readersOf(seq, others);
    return {
      names: readers.map((id) => this.members.nameOf(id)),
      everyone: others.length > 0 && readers.length === others.length,
      deliveredTo: this.receipts.deliveredTo(seq, others).length,
      others: others.length,
    };
  }

  /** This tab has read `conversationId` up to `seq`. */
  reportRead(conversationId: string, seq: number): void {
    this.reporter.report(conversationId, seq);
  }

  /** The conversation closes here: nothing left to retry for it. */
  forget(conversationId: string): void {
    this.reporter.forget(conversationId);
  }
}
