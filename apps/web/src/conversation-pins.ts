import type { Message, PinnedMessage } from '@chat/contracts';
import type { SessionApi } from './session-api';

/**
 * The pins of the open conversation, the latest first, with their messages as this device shows
 * them (`reveal`: an E2EE body opened as the list opens it). Fetched when a conversation opens and
 * again whenever they may have changed (a `pin.updated` frame, my own pin or unpin, a reconnect):
 * the frame names no message, and the list is short (at most the server's PINNED_MESSAGES_MAX).
 * The server unpins a deleted message without a pin frame, so `message.deleted` drops it here; an
 * edit shows in place. One fetch at a time: one asked for meanwhile runs after it, so the last
 * answer drawn is never older than the last change announced.
 */
export class ConversationPins {
  private conversationId: string | null = null;
  private pins: PinnedMessage[] = [];
  private fetching = false;
  private fetchAgain = false;

  constructor(
    private readonly api: Pick<SessionApi, 'pins'>,
    private readonly reveal: (messages: Message[]) => Promise<Message[]>,
    private readonly changed: (pins: readonly PinnedMessage[]) => void,
  ) {}

  isPinned(messageId: string): boolean {
    return this.pins.some((p) => p.message.id === messageId);
  }

  /** Another conversation is open (null: none): the last one's pins go at once, and its own are fetched. */
  open(conversationId: string | null): void {
    this.conversationId = conversationId;
    this.set([]);
    if (conversationId) this.refresh();
  }

  /** The pins may have changed: fetched again (after the fetch in flight, if any). */
  refresh(): void {
    if (this.fetching) return void (this.fetchAgain = true);
    this.fetching = true;
    void this.fetch().finally(() => {
      this.fetching = false;
      if (this.fetchAgain) {
        this.fetchAgain = false;
        this.refresh();
      }
    });
  }

  /** A message of the open conversation was edited (`message` as shown): its pin shows the edit. */
  messageUpdated(message: Message): void {
    if (this.isPinned(message.id)) this.set(this.pins.map((p) => (p.message.id === message.id ? { ...p, message } : p)));
  }

  /** A message of the open conversation was deleted, which unpinned it. */
  messageDeleted(messageId: string): void {
    if (this.isPinned(messageId)) this.set(this.pins.filter((p) => p.message.id !== messageId));
  }

  private async fetch(): Promise<void> {
    const id = this.conversationId;
    if (!id) return;
    try {
      const { pins } = await this.api.pins(id);
      if (id !== this.conversationId) return;
      const shown = await this.reveal(pins.map((p) => p.message));
      if (id !== this.conversationId) return;
      this.set(pins.map((pin, i) => ({ ...pin, message: shown[i]! })));
    } catch {
      // Pins are extra: the conversation reads without them, and the next change fetches them again.
    }
  }

  private set(pins: PinnedMessage[]): void {
    this.pins = pins;
    this.changed(pins);
  }
}
