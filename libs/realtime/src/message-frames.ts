import { Inject, Injectable } from '@nestjs/common';
import type { Message } from '@chat/contracts';
import { APP_CONFIG, type AppConfig } from '@chat/platform';
import type { ChatServer } from './chat.gateway';
import { conversationRoom } from './rooms';

/** Conversations whose last emitted seq is remembered; the least recently active are forgotten first. */
const REMEMBERED_CONVERSATIONS = 100_000;

/**
 * The `message.created` frames of this node: each message once, in seq order per conversation.
 * Two paths offer messages. The relay offers every message, in seq order, and again after a
 * redelivery: its frame goes out when the seq is above the last one emitted. On a single node,
 * where this process fans out every event itself, the send offers its message right after the
 * commit, a relay pass earlier: that frame goes out only when it is exactly the next seq (sends
 * commit concurrently and their answers may come back in any order) and nothing that must reach
 * the sockets first is pending; otherwise the relay emits it moments later. With several nodes
 * the relay path alone emits, since another node's fan-out would not know a frame already left.
 *
 * A conversation forgotten (least recently active beyond REMEMBERED_CONVERSATIONS) is emitted by
 * the relay only; a duplicate that old re-sends a frame, which clients drop by seq.
 */
@Injectable()
export class MessageFrames {
  private readonly lastEmittedSeq = new Map<string, number>();
  private readonly emitsAtCommit: boolean;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.emitsAtCommit = config.kafka === null && config.redis === null;
  }

  /** A message the relay published; false when its frame already went out. */
  fromRelay(io: ChatServer, message: Message): boolean {
    if (message.seq <= (this.lastEmittedSeq.get(message.conversationId) ?? 0)) return false;
    this.emit(io, message);
    return true;
  }

  /** A message whose send just committed (see SendMessageResult.deliverableAtOnce). */
  atCommit(io: ChatServer, message: Message, deliverableAtOnce: boolean): void {
    if (!this.emitsAtCommit || !deliverableAtOnce) return;
    if (this.lastEmittedSeq.get(message.conversationId) !== message.seq - 1) return;
    this.emit(io, message);
  }

  private emit(io: ChatServer, message: Message): void {
    // Re-inserted, so the Map's insertion order is recency and its first key the one to forget.
    this.lastEmittedSeq.delete(message.conversationId);
    this.lastEmittedSeq.set(message.conversationId, message.seq);
    if (this.lastEmittedSeq.size > REMEMBERED_CONVERSATIONS) this.lastEmittedSeq.delete(this.lastEmittedSeq.keys().next().value!);
    io.to(conversationRoom(message.conversationId)).emit('message.created', { message });
  }
}
