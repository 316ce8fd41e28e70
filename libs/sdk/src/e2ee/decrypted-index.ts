import type { Message } from '@chat/contracts';

export interface DecryptedMessage {
  message: Message;
  text: string;
}

/**
 * The messages a device decrypted, in memory, for search: a message matches when its text holds
 * every word of the query (case and accents folded), newest first. Kept per device and never
 * sent anywhere; a client that wants it across restarts stores it encrypted itself.
 */
export class DecryptedIndex {
  private readonly byId = new Map<string, DecryptedMessage & { folded: string }>();

  add(message: Message, text: string): void {
    this.byId.set(message.id, { message, text, folded: fold(text) });
  }

  search(query: string, conversationId?: string): DecryptedMessage[] {
    const words = fold(query).split(/\s+/).filter(Boolean);
    if (words.length === 0) return [];
    return [...this.byId.values()]
      .filter((m) => (!conversationId || m.message.conversationId === conversationId) && words.every((w) => m.folded.includes(w)))
      .sort((a, b) => b.message.createdAt.localeCompare(a.message.createdAt) || b.message.seq - a.message.seq)
      .map(({ message, text }) => ({ message, text }));
  }
}

const fold = (text: string) => text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
