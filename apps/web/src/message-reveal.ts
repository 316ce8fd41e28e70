import type { Conversation, Message } from '@chat/contracts';
import type { BrowserE2ee } from './e2ee/browser-e2ee';

/**
 * Messages of the open conversation as this device can show them: in an E2EE conversation
 * decrypted, or (no key here) an empty body the list draws as the "cannot be decrypted" notice;
 * others as served. Remembers which messages no key here opens, so they are never offered for
 * editing and their quotes and pins say so too; forgotten when another conversation opens.
 */
export class MessageReveal {
  /** Ids of messages of the open E2EE conversation that no key on this device opens. */
  private readonly unreadable = new Set<string>();

  constructor(
    private readonly e2ee: Pick<BrowserE2ee, 'isEncrypted' | 'revealAll'>,
    private readonly openConversation: () => Conversation | null,
  ) {}

  /** Whether the open conversation's messages need opening before they are drawn. */
  get needed(): boolean {
    const conversation = this.openConversation();
    return !!conversation && this.e2ee.isEncrypted(conversation.id);
  }

  isUnreadable(messageId: string): boolean {
    return this.unreadable.has(messageId);
  }

  async reveal(messages: Message[]): Promise<Message[]> {
    const conversation = this.openConversation();
    if (!conversation || !this.e2ee.isEncrypted(conversation.id)) return messages;
    const revealed = await this.e2ee.revealAll(conversation, messages);
    const note = (id: string, unreadable: boolean) => (unreadable ? this.unreadable.add(id) : this.unreadable.delete(id));
    for (const { message, unreadable, quoteUnreadable } of revealed) {
      note(message.id, unreadable);
      // A quote is the answered message's ciphertext: what opens it opens that message.
      if (message.replyTo && !message.replyTo.deleted) note(message.replyTo.id, quoteUnreadable);
    }
    return revealed.map((r) => r.message);
  }

  /** Another conversation opens (or none). */
  forget(): void {
    this.unreadable.clear();
  }
}
