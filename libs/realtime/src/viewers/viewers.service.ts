import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, CLOCK, VIEWER_STORE, every, type AppConfig, type Clock, type TypingKey, type TypingStore } from '@chat/platform';
import { ChatGateway, type ChatSocket } from '../chat.gateway';
import { sweepLapsed } from '../lapsed-entries';
import { conversationRoom } from '../rooms';

const VIEWERS_SWEEP_MS = 1_000;

/** What a socket shows, and the change of it in progress (a socket's changes are applied in order). */
interface Showing {
  key: TypingKey | null;
  queue: Promise<unknown>;
}

/**
 * Who has each conversation open now (seed 001: who is present in a room, one room at a time per
 * page). A socket shows at most one conversation (`conversation.view`): showing another takes it
 * out of the first. Each socket is an entry of the shared VIEWER_STORE (`<userId>/<socketId>`), so
 * a person with two tabs on one conversation stays there until both leave it. An entry lasts a
 * presence lease (PRESENCE_LEASE_SECONDS), renewed by the socket's heartbeats while the socket is
 * in the conversation's room, and ends with its socket; one of a gateway that died lapses. A
 * `viewers` frame with who is there goes to the conversation's room whenever that changes.
 */
@Injectable()
export class ViewersService implements OnModuleInit, OnModuleDestroy {
  private readonly showing = new WeakMap<ChatSocket, Showing>();
  private stopSweeping: (() => Promise<void>) | null = null;

  constructor(
    @Inject(VIEWER_STORE) private readonly store: TypingStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly gateway: ChatGateway,
  ) {}

  onModuleInit(): void {
    this.stopSweeping = every(VIEWERS_SWEEP_MS, 'ViewersSweep', () => this.sweep());
  }

  async onModuleDestroy(): Promise<void> {
    await this.stopSweeping?.();
  }

  /** The socket shows `conversationId` now (null: none; membership checked by the caller); answers who views it. */
  view(socket: ChatSocket, conversationId: string | null): Promise<string[]> {
    return this.inOrder(socket, async (showing) => {
      const key = conversationId === null ? null : { tenantId: socket.data.principal.tenantId, conversationId };
      if (showing.key && showing.key.conversationId !== conversationId) await this.end(socket, showing.key);
      showing.key = key;
      return key ? this.start(socket, key) : [];
    });
  }

  /**
   * A heartbeat: the socket's entry lasts another lease, while the socket is in the conversation's
   * room. Out of it (removed or banned from the conversation, which was deleted, or the client left
   * the room), the entry ends instead: it must not outlive the membership by a heartbeat's renewal.
   */
  renew(socket: ChatSocket): Promise<unknown> {
    if (!this.showing.has(socket)) return Promise.resolve();
    return this.inOrder(socket, async (showing) => {
      if (!showing.key) return;
      if (socket.rooms.has(conversationRoom(showing.key.conversationId))) return this.start(socket, showing.key);
      await this.end(socket, showing.key);
      showing.key = null;
    });
  }

  /** The socket closed: it shows nothing any more. */
  closed(socket: ChatSocket): Promise<unknown> {
    return this.showing.has(socket) ? this.view(socket, null) : Promise.resolve();
  }

  sweep(): Promise<void> {
    return sweepLapsed(this.store, this.clock, (conversationId, entries) => this.emit(conversationId, entries));
  }

  private async start(socket: ChatSocket, key: TypingKey): Promise<string[]> {
    const now = this.clock.now();
    const state = await this.store.start(key, entryOf(socket), now, now + this.config.presence.leaseMs, now);
    if (state.changed) this.emit(key.conversationId, state.userIds);
    return usersOf(state.userIds);
  }

  private async end(socket: ChatSocket, key: TypingKey): Promise<void> {
    const state = await this.store.stop(key, entryOf(socket), this.clock.now());
    if (state.changed) this.emit(key.conversationId, state.userIds);
  }

  /**
   * Runs `change` after the socket's earlier ones, so that a quick A, B, C leaves it in C only. A
   * socket gets its state at its first `conversation.view`: heartbeats and closes of the others
   * (most sockets, on a gateway that serves bots and SDK clients) make none.
   */
  private inOrder<T>(socket: ChatSocket, change: (showing: Showing) => Promise<T>): Promise<T> {
    let showing = this.showing.get(socket);
    if (!showing) this.showing.set(socket, (showing = { key: null, queue: Promise.resolve() }));
    const done = showing.queue.catch(() => undefined).then(() => change(showing));
    showing.queue = done;
    return done;
  }

  private emit(conversationId: string, entries: string[]): void {
    this.gateway.server.to(conversationRoom(conversationId)).emit('viewers', { conversationId, userIds: usersOf(entries) });
  }
}

const entryOf = (socket: ChatSocket) => `${socket.data.principal.userId}/${socket.id}`;

/** The people behind the entries, each once, in the store's order (sorted). */
function usersOf(entries: readonly string[]): string[] {
  return [...new Set(entries.map((entry) => entry.slice(0, entry.indexOf('/'))))];
}
