import type { RealtimeClient } from '@chat/sdk';

/**
 * Who has the open conversation open too (seed 001: who is present in the room). This page tells
 * the server which conversation it shows (`conversation.view`: one at a time, so opening another,
 * or none, takes me out of the last), and again after each connect (a new socket shows nothing);
 * the answer and then `viewers` frames say who is there, me included.
 */
export class PaneViewers {
  private shownId: string | null = null;
  private viewers = new Set<string>();

  constructor(
    private readonly client: RealtimeClient,
    /** Who is there changed (for the conversation shown). */
    private readonly changed: () => void,
  ) {}

  /** This page shows `conversationId` now (null: none). A failure (the socket down) waits for the next connect's `showAgain`. */
  show(conversationId: string | null): void {
    this.shownId = conversationId;
    this.set(new Set());
    this.client.request('conversation.view', { conversationId }).then(
      ({ viewers }) => {
        if (this.shownId === conversationId) this.set(new Set(viewers));
      },
      () => undefined,
    );
  }

  /** After a connect: the new socket shows the conversation too. */
  showAgain(): void {
    this.show(this.shownId);
  }

  /** A `viewers` frame. */
  update(conversationId: string, userIds: readonly string[]): void {
    if (conversationId === this.shownId) this.set(new Set(userIds));
  }

  get all(): ReadonlySet<string> {
    return this.viewers;
  }

  private set(viewers: Set<string>): void {
    const same = viewers.size === this.viewers.size && [...viewers].every((id) => this.viewers.has(id));
    this.viewers = viewers;
    if (!same) this.changed();
  }
}
