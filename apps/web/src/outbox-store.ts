import type { MediaAttachmentRef } from '@chat/contracts';

const KEY_PREFIX = 'chat.outbox.v1.';

type Store = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** What of an unconfirmed send outlives the page: enough to show it and send it again under the same clientMessageId. */
export interface StoredSend {
  clientMessageId: string;
  conversationId: string;
  /** As typed: an E2EE conversation's body is sealed when it goes out, with the key due then. */
  body: string;
  /** Upload ids only: the server describes them when the message is stored. */
  attachments: MediaAttachmentRef[];
  /** The id of the message this one answers, sent with it however late it goes out. */
  replyTo?: string;
  /** The members it names, by user id (sent beside the body, also when that is sealed). */
  mentions?: string[];
  /** Local time it was typed, shown until the server's time is known. */
  createdAt: string;
  /** When it was typed or last retried: its age for QUEUED_SEND_TTL_MS (message-outbox.ts). */
  queuedAt: string;
  /** `failed` keeps its reason; anything else is sent again. */
  status: 'sending' | 'waiting' | 'failed';
  error?: string;
}

/**
 * My sends the server has not confirmed, kept in localStorage per account
 * (`chat.outbox.v1.<userId>`; user ids are unique across organizations) so that a reload or a
 * login ending under me does not lose them, and another person on this browser never sees or
 * sends them. Every tab of the account shares the list: each write reads it first and changes
 * only its own entry, so tabs do not undo each other (a send restored by two tabs goes out once:
 * the server deduplicates on its clientMessageId). Storage that refuses only means the sends
 * live in this page.
 */
export class OutboxStore {
  private readonly key: string;

  constructor(
    userId: string,
    private readonly storage: Store = localStorage,
  ) {
    this.key = KEY_PREFIX + userId;
  }

  /** Oldest first, as they were typed. */
  load(): StoredSend[] {
    try {
      const parsed: unknown = JSON.parse(this.storage.getItem(this.key) ?? '[]');
      return Array.isArray(parsed) ? parsed.filter(isStoredSend) : [];
    } catch {
      return [];
    }
  }

  /** Adds a send at the end, or updates it in place. */
  save(send: StoredSend): void {
    const sends = this.load();
    const at = sends.findIndex((s) => s.clientMessageId === send.clientMessageId);
    if (at === -1) sends.push(send);
    else sends[at] = send;
    this.write(sends);
  }

  remove(clientMessageId: string): void {
    const sends = this.load();
    const kept = sends.filter((s) => s.clientMessageId !== clientMessageId);
    if (kept.length !== sends.length) this.write(kept);
  }

  clear(): void {
    this.attempt(() => this.storage.removeItem(this.key));
  }

  private write(sends: StoredSend[]): void {
    this.attempt(() => (sends.length ? this.storage.setItem(this.key, JSON.stringify(sends)) : this.storage.removeItem(this.key)));
  }

  private attempt(write: () => void): void {
    try {
      write();
    } catch {
      // Full or refused: these sends live in this page only.
    }
  }
}

function isStoredSend(value: unknown): value is StoredSend {
  if (typeof value !== 'object' || value === null) return false;
  const s = value as Partial<StoredSend>;
  const strings = [s.clientMessageId, s.conversationId, s.body, s.createdAt, s.queuedAt].every((v) => typeof v === 'string');
  const attachments = Array.isArray(s.attachments) && s.attachments.every((a) => typeof a?.id === 'string');
  const replyTo = s.replyTo === undefined || typeof s.replyTo === 'string';
  const mentions = s.mentions === undefined || (Array.isArray(s.mentions) && s.mentions.every((id) => typeof id === 'string'));
  return strings && attachments && replyTo && mentions && (s.status === 'sending' || s.status === 'waiting' || s.status === 'failed');
}
