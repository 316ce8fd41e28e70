import type { MediaAttachmentRef, Message } from '@chat/contracts';
import type { RealtimeClient } from '@chat/sdk';
import { errorText, isTransient, retryAfterMs } from './error-text';
import { announceQuota } from './quota-notice';
import type { SessionApi } from './session-api';

/** A failed send is tried again this many times (seed 001 FR-019), always with the same clientMessageId. */
export const MAX_SEND_RETRIES = 3;
const RETRY_DELAYS_MS = [1000, 2000, 4000];
/** An E2EE send refused for its key (moved on, or a rotation due) is sealed again at most this often per try. */
const MAX_KEY_RECOVERIES = 2;

/** How a body goes on the wire: as typed, or sealed for an end-to-end encrypted conversation (e2ee/browser-e2ee.ts). */
export interface BodySealer {
  seal(conversationId: string, body: string): Promise<string>;
  /** True when the refusal was about the conversation key and sealing again may now succeed. */
  recover(err: unknown, conversationId: string): Promise<boolean>;
}

export interface Outgoing {
  clientMessageId: string;
  conversationId: string;
  body: string;
  /** Uploads to attach (by id); the server describes them in its answer. */
  attachments: MediaAttachmentRef[];
  /** Local time of the first try, for display until the server's time is known. */
  createdAt: string;
  status: 'sending' | 'failed';
  /** 1 for the first try, up to 1 + MAX_SEND_RETRIES. */
  attempt: number;
  error?: string;
}

export interface OutboxListener {
  /** An unconfirmed send changed (new, next attempt, failed). */
  changed(outgoing: Outgoing): void;
  /** The server has the message: the ack, a REST answer, or my own live frame came first. */
  delivered(message: Message): void;
  /** Given up on by the user. */
  discarded(outgoing: Outgoing): void;
}

/**
 * My messages until the server confirms them. Sends over the socket when it is connected (the
 * ack confirms), over REST when it is not; either way the same clientMessageId makes every
 * retry idempotent on the server.
 */
export class MessageOutbox {
  private readonly entries = new Map<string, Outgoing>();

  constructor(
    private readonly client: RealtimeClient,
    private readonly api: SessionApi,
    private readonly listener: OutboxListener,
    private readonly bodies: BodySealer,
  ) {}

  send(conversationId: string, body: string, attachments: MediaAttachmentRef[] = []): Outgoing {
    const outgoing: Outgoing = { clientMessageId: newClientMessageId(), conversationId, body, attachments, createdAt: new Date().toISOString(), status: 'sending', attempt: 1 };
    this.entries.set(outgoing.clientMessageId, outgoing);
    void this.deliver(outgoing);
    return outgoing;
  }

  retry(clientMessageId: string): void {
    const outgoing = this.entries.get(clientMessageId);
    if (!outgoing || outgoing.status !== 'failed') return;
    Object.assign(outgoing, { status: 'sending', attempt: 1, error: undefined });
    void this.deliver(outgoing);
  }

  discard(clientMessageId: string): void {
    const outgoing = this.entries.get(clientMessageId);
    if (!outgoing || outgoing.status !== 'failed') return;
    this.entries.delete(clientMessageId);
    this.listener.discarded(outgoing);
  }

  /** Unconfirmed sends of a conversation, oldest first (to redraw them when it is opened again). */
  pendingIn(conversationId: string): Outgoing[] {
    return [...this.entries.values()].filter((o) => o.conversationId === conversationId);
  }

  /** My own message seen live: it is delivered even if its ack was lost; retries stop. */
  settle(message: Message): void {
    if (this.entries.delete(message.clientMessageId)) this.listener.delivered(message);
  }

  /** Forget a conversation's sends (I left it, or it was deleted). */
  dropConversation(conversationId: string): void {
    for (const o of this.pendingIn(conversationId)) this.entries.delete(o.clientMessageId);
  }

  private async deliver(outgoing: Outgoing): Promise<void> {
    this.listener.changed(outgoing);
    let keyRecoveries = 0;
    for (;;) {
      try {
        const message = await this.attempt(outgoing);
        this.settle(message);
        return;
      } catch (err) {
        if (this.entries.get(outgoing.clientMessageId) !== outgoing) return; // settled or dropped meanwhile
        // The key moved on or a member changed: the same message, sealed again with the key now due (made here if need be).
        if (keyRecoveries < MAX_KEY_RECOVERIES && (await this.bodies.recover(err, outgoing.conversationId).catch(() => false))) {
          keyRecoveries++;
          if (this.entries.get(outgoing.clientMessageId) !== outgoing) return;
          continue;
        }
        announceQuota(err);
        if (!isTransient(err) || outgoing.attempt > MAX_SEND_RETRIES) {
          Object.assign(outgoing, { status: 'failed', error: errorText(err) });
          this.listener.changed(outgoing);
          return;
        }
        // A busy or rate-limiting server says when to come back; trying sooner would only be refused again.
        await sleep(Math.max(retryAfterMs(err), RETRY_DELAYS_MS[outgoing.attempt - 1] ?? RETRY_DELAYS_MS[RETRY_DELAYS_MS.length - 1]));
        if (this.entries.get(outgoing.clientMessageId) !== outgoing) return;
        outgoing.attempt += 1;
        this.listener.changed(outgoing);
      }
    }
  }

  private async attempt({ conversationId, clientMessageId, body: typed, attachments }: Outgoing): Promise<Message> {
    const body = await this.bodies.seal(conversationId, typed);
    if (this.client.socket.connected) {
      // An ack slower than the client's ack timeout counts as a failed try; the retry cannot double it.
      return (await this.client.request('message.send', { conversationId, clientMessageId, body, attachments })).message;
    }
    return (await this.api.sendMessage(conversationId, { clientMessageId, body, attachments })).message;
  }
}

/** A UUID v4. crypto.randomUUID exists only in secure contexts; getRandomValues works on plain http too. */
export function newClientMessageId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

