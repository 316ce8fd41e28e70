import { EventName, type EventEnvelope, type SyncChange, type SyncChangeType } from '@chat/contracts';

/**
 * One row of the sync change log. `members` rows are visible to whoever is a member of the
 * conversation when they sync, and also to `userId` (the member a membership or read change is
 * about, so a leaver still learns they left); `user` rows are visible to `userId` alone.
 */
export interface ChangeRow {
  conversationId: string;
  audience: 'members' | 'user';
  userId: string | null;
  messageId: string | null;
  type: SyncChangeType;
  /** The change minus `type` and `conversationId`. */
  payload: Record<string, unknown>;
}

type Payload<N extends EventName> = EventEnvelope<N>['payload'];
const row = (conversationId: string, type: SyncChangeType, payload: Record<string, unknown>, extra: Partial<ChangeRow> = {}): ChangeRow => ({
  conversationId,
  audience: 'members',
  userId: null,
  messageId: null,
  type,
  payload,
  ...extra,
});

/** The change log rows an event adds; events that change nothing a client syncs add none. */
export function changesFor(event: EventEnvelope): ChangeRow[] {
  const p = event.payload;
  switch (event.name) {
    case EventName.MessageSent: {
      const { message } = p as Payload<typeof EventName.MessageSent>;
      return [row(message.conversationId, 'message.created', { message }, { messageId: message.id })];
    }
    case EventName.MessageEdited: {
      const { message } = p as Payload<typeof EventName.MessageEdited>;
      return [row(message.conversationId, 'message.updated', { message }, { messageId: message.id })];
    }
    case EventName.MessageDeleted: {
      const { message } = p as Payload<typeof EventName.MessageDeleted>;
      return [row(message.conversationId, 'message.deleted', { id: message.id, seq: message.seq }, { messageId: message.id })];
    }
    case EventName.ReactionChanged: {
      const { conversationId, messageId, reactions, userId, emoji, added } = p as Payload<typeof EventName.ReactionChanged>;
      // The live frame's fields, so a device catching up keeps its own reactions (myReactions) right too.
      return [row(conversationId, 'reaction.updated', { messageId, reactions, userId, emoji, added }, { messageId })];
    }
    case EventName.PinChanged: {
      const { conversationId, messageId, seq, pinned, userId } = p as Payload<typeof EventName.PinChanged>;
      return [row(conversationId, 'pin.updated', { messageId, seq, pinned, userId }, { messageId })];
    }
    case EventName.ReadAdvanced: {
      const r = p as Payload<typeof EventName.ReadAdvanced>;
      return [row(r.conversationId, 'read', { userId: r.userId, seq: r.seq }, { userId: r.userId })];
    }
    case EventName.DeliveryAdvanced: {
      const { conversationId, pointers } = p as Payload<typeof EventName.DeliveryAdvanced>;
      return [row(conversationId, 'delivered', { pointers })];
    }
    case EventName.MemberJoined:
    case EventName.MemberRoleChanged: {
      const m = p as Payload<typeof EventName.MemberJoined>;
      const type = event.name === EventName.MemberJoined ? 'member.joined' : 'member.updated';
      return [row(m.conversationId, type, { userId: m.userId, role: m.role }, { userId: m.userId })];
    }
    case EventName.MemberLeft: {
      const m = p as Payload<typeof EventName.MemberLeft>;
      return [row(m.conversationId, 'member.left', { userId: m.userId }, { userId: m.userId })];
    }
    case EventName.MemberMuted: {
      const m = p as Payload<typeof EventName.MemberMuted>;
      return [row(m.conversationId, 'mute.updated', { muted: m.muted }, { audience: 'user', userId: m.userId })];
    }
    case EventName.MemberFavourited: {
      const m = p as Payload<typeof EventName.MemberFavourited>;
      return [row(m.conversationId, 'favourite.updated', { favourite: m.favourite }, { audience: 'user', userId: m.userId })];
    }
    case EventName.ConversationUpdated: {
      const { conversation } = p as Payload<typeof EventName.ConversationUpdated>;
      return [row(conversation.id, 'conversation.updated', { conversation })];
    }
    case EventName.ConversationDeleted: {
      // The conversation is gone, so its former members are told one by one.
      const d = p as Payload<typeof EventName.ConversationDeleted>;
      return d.memberIds.map((userId) => row(d.conversationId, 'conversation.deleted', {}, { audience: 'user', userId }));
    }
    default:
      return [];
  }
}

/** A stored row back into the contract's shape. */
export function toSyncChange(stored: { conversationId: string; type: SyncChangeType; payload: Record<string, unknown> }): SyncChange {
  return { type: stored.type, conversationId: stored.conversationId, ...stored.payload } as SyncChange;
}
