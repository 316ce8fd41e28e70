import { Inject, Injectable } from '@nestjs/common';
import type { Message } from '@chat/contracts';
import { APP_CONFIG, fansOutInProcess, type AppConfig } from '@chat/platform';
import type { ChatServer } from './chat.gateway';
import { RealtimeMetrics } from './realtime-metrics';
import { conversationRoom } from './rooms';

/** Conversations whose last emitted seq is remembered; the least recently active are forgotten first. */
const REMEMBERED_CONVERSATIONS = 100_000;
/** Sends held for an earlier seq, over all conversations; beyond this the relay emits them. */
const HELD_MAX = 10_000;

/**
 * The `message.created` frames of this node: each message once, in seq order per conversation.
 * Two paths offer messages. The relay offers every message, in seq order, and again after a
 * redelivery: its frame goes out when the seq is above the last one emitted. On a single node,
 * where this process fans out every event itself, the send offers its message right after the
 * commit, a relay pass earlier, when nothing that must reach the sockets first is pending. Sends
 * commit concurrently and their answers come back in any order, so a send that answers before an
 * earlier seq is held until that seq goes out (at its own commit or from the relay) and then
 * follows it at once; without the hold, every later send of a busy conversation waited for the
 * relay too (one in seven at 200 msg/s). With several nodes the relay path alone emits, since
 * another node's fan-out would not know a frame already left.
 *
 * A conversation forgotten (least recently active beyond REMEMBERED_CONVERSATIONS) is emitted by
 * the relay only; a duplicate that old re-sends a frame, which clients drop by seq.
 */
@Injectable()
export class MessageFrames {
  private readonly lastEmittedSeq = new Map<string, number>();
  /** Committed sends waiting for an earlier seq, by conversation and seq. */
  private readonly held = new Map<string, Map<number, Message>>();
  private heldCount = 0;
  private readonly emitsAtCommit: boolean;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly metrics: RealtimeMetrics,
  ) {
    this.emitsAtCommit = fansOutInProcess(config);
  }

  /** A message the relay published; false when its frame already went out. */
  fromRelay(io: ChatServer, message: Message): boolean {
    if (message.seq <= (this.lastEmittedSeq.get(message.conversationId) ?? 0)) return false;
    this.metrics.messageFramesFromRelay.inc();
    this.emit(io, message);
    return true;
  }

  /** A message whose send just committed (see SendMessageResult.deliverableAtOnce). */
  atCommit(io: ChatServer, message: Message, deliverableAtOnce: boolean): void {
    if (!this.emitsAtCommit || !deliverableAtOnce) return;
    const last = this.lastEmittedSeq.get(message.conversationId);
    if (last === undefined || message.seq <= last) return;
    if (message.seq === last + 1) {
      this.metrics.messageFramesAtCommit.inc();
      this.emit(io, message);
    } else this.hold(message);
  }

  private hold(message: Message): void {
    if (this.heldCount >= HELD_MAX) return;
    let held = this.held.get(message.conversationId);
    if (!held) this.held.set(message.conversationId, (held = new Map()));
    if (held.has(message.seq)) return;
    held.set(message.seq, message);
    this.heldCount++;
  }

  /** Emits the message, then the held sends that now come next. */
  private emit(io: ChatServer, message: Message): void {
    this.emitOne(io, message);
    const held = this.held.get(message.conversationId);
    if (!held) return;
    let seq = message.seq;
    for (let next = held.get(seq + 1); next; next = held.get(++seq + 1)) {
      this.metrics.messageFramesAtCommit.inc();
      this.emitOne(io, next);
    }
    // What is emitted now, or was emitted by the relay meanwhile, is held no longer.
    for (const heldSeq of held.keys()) if (heldSeq <= seq) this.release(held, message.conversationId, heldSeq);
  }

  private emitOne(io: ChatServer, message: Message): void {
    // Re-inserted, so the Map's insertion order is recency and its first key the one to forget.
    this.lastEmittedSeq.delete(message.conversationId);
    this.lastEmittedSeq.set(message.conversationId, message.seq);
    if (this.lastEmittedSeq.size > REMEMBERED_CONVERSATIONS) this.forget(this.lastEmittedSeq.keys().next().value!);
    io.to(conversationRoom(message.conversationId)).emit('message.created', { message });
  }

  private forget(conversationId: string): void {
    this.lastEmittedSeq.delete(conversationId);
    this.heldCount -= this.held.get(conversationId)?.size ?? 0;
    this.held.delete(conversationId);
  }

  private release(held: Map<number, Message>, conversationId: string, seq: number): void {
    held.delete(seq);
    this.heldCount--;
    if (held.size === 0) this.held.delete(conversationId);
  }
}
