import type { MediaAttachmentRef, Message } from '@chat/contracts';
import type { RealtimeClient } from '@chat/sdk';
import { errorText, isTransient, retryAfterMs } from './error-text';
import { announceQuota } from './quota-notice';
import type { SessionApi } from './session-api';
import type { OutboxStore, StoredSend } from './outbox-store';
import { t } from './i18n/active-locale';

/** A failed send is tried again this many times (seed 001 FR-019), always with the same clientMessageId. */
export const MAX_SEND_RETRIES = 3;
const RETRY_DELAYS_MS = [1000, 2000, 4000];
/** An E2EE send refused for its key (moved on, or a rotation due) is sealed again at most this often per try. */
const MAX_KEY_RECOVERIES = 2;
/**
 * A send still unconfirmed this long after it was typed (or retried) is no longer sent on its own:
 * it fails with Retry. Someone offline for a day should not have yesterday's message pop into a
 * conversation that has moved on. The client alone can tell how long a send waited, so it decides.
 */
export const QUEUED_SEND_TTL_MS = 24 * 60 * 60 * 1000;

/** How a body goes on the wire: as typed, or sealed for an end-to-end encrypted conversation (e2ee/browser-e2ee.ts). */
export interface BodySealer {
  seal(conversationId: string, body: string): Promise<string>;
  /** True when the refusal was about the conversation key and sealing again may now succeed. */
  recover(err: unknown, conversationId: string): Promise<boolean>;
}

/** What a message refers to beside its text: the message it answers and the members it names (user ids). */
export type MessageLinks = Pick<StoredSend, 'replyTo' | 'mentions'>;

/** An unconfirmed send: `sending` (now, or next in its conversation), `waiting` for the connection, or `failed` (Retry). */
export interface Outgoing extends StoredSend {
  /** 1 for the first try, up to 1 + MAX_SEND_RETRIES; back to 1 when it goes out again after waiting or a Retry. */
  attempt: number;
}

export interface OutboxListener {
  /** An unconfirmed send changed (new, next attempt, waiting, failed). */
  changed(outgoing: Outgoing): void;
  /** The server has the message: the ack, a REST answer, or my own live frame came first. */
  delivered(message: Message): void;
  /** Given up on by the user. */
  discarded(outgoing: Outgoing): void;
}

/**
 * My messages until the server confirms them. Sends over the socket when it is connected (the
 * ack confirms), over REST when it is not; either way the same clientMessageId makes every
 * retry idempotent on the server, so a send that reached it before the answer was lost is
 * stored once. A conversation's sends go one at a time, in the order typed. One that cannot go
 * out while the socket is down (offline: a transient failure) waits, with every later one of its
 * conversation, until the socket connects again, a new send in that conversation, or a Retry; a
 * refusal fails at once. Every unconfirmed send is kept in `OutboxStore`, so it outlives a
 * reload: restored as waiting, or as failed once older than QUEUED_SEND_TTL_MS.
 */
export class MessageOutbox {
  private readonly entries = new Map<string, Outgoing>();
  /** Conversations whose sends are going out now (one send at a time each). */
  private readonly draining = new Set<string>();
  /** clientMessageIds of the sends kept from an earlier page (see forgetRestoredOutside). */
  private readonly restored = new Set<string>();

  constructor(
    private readonly client: RealtimeClient,
    private readonly api: SessionApi,
    private readonly listener: OutboxListener,
    private readonly bodies: BodySealer,
    private readonly store: OutboxStore,
  ) {
    for (const stored of store.load()) this.restore(stored);
    client.socket.on('connect', () => this.resume());
  }

  send(conversationId: string, body: string, attachments: MediaAttachmentRef[] = [], { replyTo, mentions }: MessageLinks = {}): Outgoing {
    const now = new Date().toISOString();
    const outgoing: Outgoing = { clientMessageId: newClientMessageId(), conversationId, body, attachments, replyTo, mentions, createdAt: now, queuedAt: now, status: 'sending', attempt: 1 };
    this.entries.set(outgoing.clientMessageId, outgoing);
    this.changed(outgoing);
    this.wake(conversationId);
    return outgoing;
  }

  /** The user asks again: a failed send goes out (its age counts from now), after any waiting before it. */
  retry(clientMessageId: string): void {
    const outgoing = this.entries.get(clientMessageId);
    if (!outgoing || outgoing.status !== 'failed') return;
    Object.assign(outgoing, { status: 'sending', attempt: 1, error: undefined, queuedAt: new Date().toISOString() });
    this.changed(outgoing);
    this.wake(outgoing.conversationId);
  }

  /** Failed or still waiting: the user gives up on it. */
  discard(clientMessageId: string): void {
    const outgoing = this.entries.get(clientMessageId);
    if (!outgoing || outgoing.status === 'sending') return;
    this.forget(outgoing);
    this.listener.discarded(outgoing);
  }

  /** Unconfirmed sends of a conversation, oldest first (to redraw them when it is opened again). */
  pendingIn(conversationId: string): Outgoing[] {
    return [...this.entries.values()].filter((o) => o.conversationId === conversationId);
  }

  /** My own message seen live: it is delivered even if its ack was lost; retries stop. */
  settle(message: Message): void {
    const outgoing = this.entries.get(message.clientMessageId);
    if (!outgoing) return;
    this.forget(outgoing);
    this.listener.delivered(message);
  }

  /**
   * The conversation list as the server has it now: a send kept from an earlier page whose
   * conversation is not in it (left or deleted while this browser was away, so no frame said so)
   * can never go out, and is forgotten rather than kept in storage until logout. Sends typed in
   * this page are left alone: a conversation made a moment ago may be newer than the list.
   */
  forgetRestoredOutside(conversationIds: ReadonlySet<string>): void {
    for (const o of [...this.entries.values()]) if (this.restored.has(o.clientMessageId) && !conversationIds.has(o.conversationId)) this.forget(o);
  }

  /** The conversations of the sends kept from an earlier page. */
  restoredConversations(): string[] {
    return [...this.entries.values()].filter((o) => this.restored.has(o.clientMessageId)).map((o) => o.conversationId);
  }

  /** Forget a conversation's sends (I left it, or it was deleted). */
  dropConversation(conversationId: string): void {
    for (const o of this.pendingIn(conversationId)) this.forget(o);
  }

  /** The session ended: nothing more goes out from this page, and storage keeps what it has for this account's next login. */
  close(): void {
    this.entries.clear();
  }

  /** Logging out: nobody logging in next on this browser may find, or send, these. */
  clear(): void {
    this.close();
    this.store.clear();
  }

  /** A send kept from an earlier page: it waits for the connection, unless it has waited too long already. Drawn when its conversation opens. */
  private restore(stored: StoredSend): void {
    const outgoing: Outgoing = { ...stored, status: stored.status === 'failed' ? 'failed' : 'waiting', attempt: 1 };
    this.entries.set(outgoing.clientMessageId, outgoing);
    this.restored.add(outgoing.clientMessageId);
    if (outgoing.status !== 'waiting' || !waitedTooLong(outgoing)) return;
    Object.assign(outgoing, { status: 'failed', error: t('message.waitedTooLong') });
    this.persist(outgoing);
  }

  /** The socket is back: every waiting send goes out, each conversation's in the order typed. */
  private resume(): void {
    const waiting = new Set([...this.entries.values()].filter((o) => o.status === 'waiting').map((o) => o.conversationId));
    for (const conversationId of waiting) this.wake(conversationId);
  }

  /** A conversation's waiting sends go out again, before anything newer. */
  private wake(conversationId: string): void {
    for (const o of this.pendingIn(conversationId)) {
      if (o.status !== 'waiting') continue;
      Object.assign(o, { status: 'sending', attempt: 1 });
      this.changed(o);
    }
    void this.drain(conversationId);
  }

  /** Sends a conversation's `sending` entries one after another until none is left or one has to wait. */
  private async drain(conversationId: string): Promise<void> {
    if (this.draining.has(conversationId)) return; // the running loop picks the new ones up
    this.draining.add(conversationId);
    try {
      for (let next = this.nextIn(conversationId); next; next = this.nextIn(conversationId)) {
        // Typed long ago and held since: it would land out of context, so the user decides.
        if (waitedTooLong(next)) this.fail(next, t('message.waitedTooLong'));
        else await this.deliver(next);
      }
    } finally {
      this.draining.delete(conversationId);
    }
  }

  private nextIn(conversationId: string): Outgoing | undefined {
    return this.pendingIn(conversationId).find((o) => o.status === 'sending');
  }

  /** Ends with the send delivered, failed, or waiting (with the rest of its conversation). */
  private async deliver(outgoing: Outgoing): Promise<void> {
    let keyRecoveries = 0;
    for (;;) {
      try {
        const message = await this.attempt(outgoing);
        this.settle(message);
        return;
      } catch (err) {
        if (!this.holds(outgoing)) return; // settled or dropped meanwhile
        // The key moved on or a member changed: the same message, sealed again with the key now due (made here if need be).
        if (keyRecoveries < MAX_KEY_RECOVERIES && (await this.bodies.recover(err, outgoing.conversationId).catch(() => false))) {
          keyRecoveries++;
          if (!this.holds(outgoing)) return;
          continue;
        }
        announceQuota(err);
        if (!isTransient(err)) return this.fail(outgoing, errorText(err));
        // Offline: trying again now would only fail again; the socket's next connect sends it.
        if (!this.client.socket.connected) return this.wait(outgoing);
        if (outgoing.attempt > MAX_SEND_RETRIES) return this.fail(outgoing, errorText(err));
        // A busy or rate-limiting server says when to come back; trying sooner would only be refused again.
        await sleep(Math.max(retryAfterMs(err), RETRY_DELAYS_MS[outgoing.attempt - 1] ?? RETRY_DELAYS_MS[RETRY_DELAYS_MS.length - 1]));
        if (!this.holds(outgoing)) return;
        outgoing.attempt += 1;
        this.changed(outgoing);
      }
    }
  }

  private async attempt({ conversationId, clientMessageId, body: typed, attachments, replyTo, mentions }: Outgoing): Promise<Message> {
    // Mentions go in clear beside a sealed body: the server notifies the members named.
    const request = { clientMessageId, body: await this.bodies.seal(conversationId, typed), attachments, replyTo, mentions };
    if (this.client.socket.connected) {
      // An ack slower than the client's ack timeout counts as a failed try; the retry cannot double it.
      return (await this.client.request('message.send', { conversationId, ...request })).message;
    }
    return (await this.api.sendMessage(conversationId, request)).message;
  }

  /** This send and every later one of its conversation wait: none may overtake it. */
  private wait(outgoing: Outgoing): void {
    for (const o of this.pendingIn(outgoing.conversationId)) {
      if (o !== outgoing && o.status !== 'sending') continue;
      Object.assign(o, { status: 'waiting', attempt: 1 });
      this.changed(o);
    }
  }

  private fail(outgoing: Outgoing, error: string): void {
    Object.assign(outgoing, { status: 'failed', error });
    this.changed(outgoing);
  }

  /** Still this outbox's send (not settled, dropped or closed meanwhile). */
  private holds(outgoing: Outgoing): boolean {
    return this.entries.get(outgoing.clientMessageId) === outgoing;
  }

  private changed(outgoing: Outgoing): void {
    this.persist(outgoing);
    this.listener.changed(outgoing);
  }

  private persist({ clientMessageId, conversationId, body, attachments, replyTo, mentions, createdAt, queuedAt, status, error }: Outgoing): void {
    this.store.save({ clientMessageId, conversationId, body, attachments, replyTo, mentions, createdAt, queuedAt, status, ...(error ? { error } : {}) });
  }

  private forget(outgoing: Outgoing): void {
    this.entries.delete(outgoing.clientMessageId);
    this.restored.delete(outgoing.clientMessageId);
    this.store.remove(outgoing.clientMessageId);
  }
}

/** Held longer than QUEUED_SEND_TTL_MS since it was typed (or last retried). */
function waitedTooLong({ queuedAt }: Outgoing): boolean {
  return Date.now() - Date.parse(queuedAt) > QUEUED_SEND_TTL_MS;
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

