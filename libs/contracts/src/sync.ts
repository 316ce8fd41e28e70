import type { Conversation, MemberRole } from './conversations';
import type { Message } from './messages';
import type { PinUpdatedFrame } from './pins';
import type { DeliveredFrame, ReactionUpdatedFrame } from './socket';

/**
 * `GET /v1/sync?since=CURSOR&limit=N`: what changed for me since the cursor, oldest first, in
 * bounded pages. Each change has the shape of the live frame of the same name, so a client
 * applies both the same way. Messages appear as they are now (an edited or deleted message
 * shows its latest version or its tombstone wherever it appears). Without `since` the feed
 * starts at the beginning of the retained log. Keep the returned `cursor` and ask again while
 * `hasMore` is true.
 */
export type SyncChange =
  | { type: 'message.created'; conversationId: string; message: Message }
  | { type: 'message.updated'; conversationId: string; message: Message }
  | { type: 'message.deleted'; conversationId: string; id: string; seq: number }
  | ({ type: 'reaction.updated' } & ReactionUpdatedFrame)
  | ({ type: 'pin.updated' } & PinUpdatedFrame)
  | { type: 'read'; conversationId: string; userId: string; seq: number }
  | ({ type: 'delivered' } & DeliveredFrame)
  | { type: 'member.joined'; conversationId: string; userId: string; role: MemberRole | null }
  | { type: 'member.left'; conversationId: string; userId: string }
  | { type: 'member.updated'; conversationId: string; userId: string; role: MemberRole | null }
  | { type: 'conversation.updated'; conversationId: string; conversation: Conversation }
  | { type: 'conversation.deleted'; conversationId: string }
  | { type: 'mute.updated'; conversationId: string; muted: boolean }
  | { type: 'favourite.updated'; conversationId: string; favourite: boolean };

export type SyncChangeType = SyncChange['type'];

export interface SyncQuery {
  since?: string;
  limit?: number;
}

export interface SyncResponse {
  changes: SyncChange[];
  /** Opaque; pass it as `since` next time. It may move on even when nothing changed for me (past what the log holds for others), so a quiet client keeps up with the retention. */
  cursor: string;
  hasMore: boolean;
}
