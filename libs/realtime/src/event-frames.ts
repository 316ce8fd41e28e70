import { EventName, type EventEnvelope, type FeaturesUpdatedFrame, type MemberLeftReason, type ServerToClientEvents } from '@chat/contracts';
import { conversationRoom, everySocketOf, memberRooms, sessionRoom, tenantRoom, userRoom } from './rooms';

type FrameName = keyof ServerToClientEvents;

/** What the fan-out does for an event: emit a frame to rooms (or to a user's conversations), take sockets out of a room, or close them. */
export type FanoutAction =
  | { kind: 'emit'; rooms: string[]; frame: FrameName; payload: object }
  | { kind: 'unsubscribe'; socketsIn: string | string[]; room: string }
  /** Emit to `rooms` and to the rooms of every conversation `userId` is in (looked up when fanned out). */
  | { kind: 'emitToConversationsOf'; userId: string; rooms: string[]; frame: FrameName; payload: object }
  | { kind: 'disconnect'; socketsIn: string | string[] };

type Payload<N extends EventName> = EventEnvelope<N>['payload'];

/** When clients told of a flag change ask again what is on for them (from FEATURE_FLAGS_CACHE_MS and FEATURE_FLAGS_REFRESH_SPREAD_MS). */
export type FeatureRefreshWindow = Pick<FeaturesUpdatedFrame, 'refreshAfterMs' | 'refreshSpreadMs'>;
const emit = (rooms: string[], frame: FrameName, payload: object): FanoutAction => ({ kind: 'emit', rooms, frame, payload });

/**
 * The frames of each committed event, in the order they must happen. Conversation frames go to
 * the conversation's room (its subscribed members); what concerns one member also goes to that
 * member's own devices (memberRooms: their sockets scoped to the conversation too); a leaver is
 * taken out of the room before the frame, so they get no more.
 */
export function actionsFor(event: EventEnvelope, featureRefresh: FeatureRefreshWindow): FanoutAction[] {
  const p = event.payload;
  switch (event.name) {
    case EventName.MessageEdited: {
      const { message } = p as Payload<typeof EventName.MessageEdited>;
      return [emit([conversationRoom(message.conversationId)], 'message.updated', { message })];
    }
    case EventName.MessageDeleted: {
      const { message } = p as Payload<typeof EventName.MessageDeleted>;
      return [emit([conversationRoom(message.conversationId)], 'message.deleted', { conversationId: message.conversationId, id: message.id, seq: message.seq })];
    }
    case EventName.ReactionChanged: {
      const r = p as Payload<typeof EventName.ReactionChanged>;
      // Who reacted and with what, so each device of the reactor keeps its own set (Message.myReactions) right.
      return [
        emit([conversationRoom(r.conversationId)], 'reaction.updated', {
          conversationId: r.conversationId,
          messageId: r.messageId,
          reactions: r.reactions,
          userId: r.userId,
          emoji: r.emoji,
          added: r.added,
        }),
      ];
    }
    case EventName.PinChanged: {
      const { conversationId, messageId, seq, pinned, userId } = p as Payload<typeof EventName.PinChanged>;
      return [emit([conversationRoom(conversationId)], 'pin.updated', { conversationId, messageId, seq, pinned, userId })];
    }
    case EventName.ReadAdvanced: {
      const r = p as Payload<typeof EventName.ReadAdvanced>;
      return [emit([conversationRoom(r.conversationId), ...memberRooms(r.conversationId, r.userId)], 'read', { conversationId: r.conversationId, userId: r.userId, seq: r.seq })];
    }
    case EventName.DeliveryAdvanced: {
      // One frame per conversation and write, with every pointer it moved (not one per
      // acknowledgement), only to the senders of what they cover: every member acknowledges, so
      // to the whole room it was more frames than the messages themselves.
      const { conversationId, pointers, senderIds } = p as Payload<typeof EventName.DeliveryAdvanced>;
      const rooms = senderIds ? senderIds.flatMap((id) => memberRooms(conversationId, id)) : [conversationRoom(conversationId)];
      return rooms.length ? [emit(rooms, 'delivered', { conversationId, pointers })] : [];
    }
    case EventName.UserRenamed: {
      const { userId, displayName, avatarUrl } = p as Payload<typeof EventName.UserRenamed>;
      return [{ kind: 'emitToConversationsOf', userId, rooms: [userRoom(userId)], frame: 'user.updated', payload: { userId, displayName, avatarUrl: avatarUrl ?? null } }];
    }
    case EventName.MediaQuarantined: {
      const { quarantined, adminIds } = p as Payload<typeof EventName.MediaQuarantined>;
      return adminIds.length ? [emit(adminIds.map(userRoom), 'media.quarantined', { quarantined })] : [];
    }
    case EventName.MessageReported: {
      // Only the conversation's owners and admins hear of a report, on their own devices.
      const { report, moderatorIds } = p as Payload<typeof EventName.MessageReported>;
      return moderatorIds.length ? [emit(moderatorIds.map(userRoom), 'message.reported', { report })] : [];
    }
    case EventName.BusinessConversationWaiting: {
      // The business's agents and owner, on their own devices: none of them is a member yet.
      const { businessId, conversationId, customerId, agentIds } = p as Payload<typeof EventName.BusinessConversationWaiting>;
      return agentIds.length ? [emit(agentIds.map(userRoom), 'business.conversation.waiting', { businessId, conversationId, customerId })] : [];
    }
    case EventName.MemberMuted: {
      const m = p as Payload<typeof EventName.MemberMuted>;
      return [emit(memberRooms(m.conversationId, m.userId), 'mute.updated', { conversationId: m.conversationId, muted: m.muted })];
    }
    case EventName.MemberFavourited: {
      const m = p as Payload<typeof EventName.MemberFavourited>;
      return [emit(memberRooms(m.conversationId, m.userId), 'favourite.updated', { conversationId: m.conversationId, favourite: m.favourite })];
    }
    case EventName.MemberJoined: {
      const m = p as Payload<typeof EventName.MemberJoined>;
      return [emit([conversationRoom(m.conversationId), ...memberRooms(m.conversationId, m.userId)], 'member.joined', { conversationId: m.conversationId, userId: m.userId, role: m.role })];
    }
    case EventName.MemberRoleChanged: {
      const m = p as Payload<typeof EventName.MemberRoleChanged>;
      return [emit([conversationRoom(m.conversationId)], 'member.updated', { conversationId: m.conversationId, userId: m.userId, role: m.role })];
    }
    case EventName.MemberLeft: {
      const m = p as Payload<typeof EventName.MemberLeft>;
      // A member.left event is written by leave, kick, ban and a business conversation's reassignment, with those reasons.
      return [
        { kind: 'unsubscribe', socketsIn: memberRooms(m.conversationId, m.userId), room: conversationRoom(m.conversationId) },
        emit([conversationRoom(m.conversationId), ...memberRooms(m.conversationId, m.userId)], 'member.left', { conversationId: m.conversationId, userId: m.userId, reason: m.reason as MemberLeftReason }),
      ];
    }
    case EventName.AccountBanned: {
      const { userId, until } = p as Payload<typeof EventName.AccountBanned>;
      // Told why, then closed: the logins are revoked already, so a reconnect is refused.
      return [emit(everySocketOf(userId), 'account.banned', { until }), { kind: 'disconnect', socketsIn: everySocketOf(userId) }];
    }
    case EventName.AccountDeleted: {
      // The holder deleted it on one device: the others close, and their tokens no longer work.
      const { userId } = p as Payload<typeof EventName.AccountDeleted>;
      return [{ kind: 'disconnect', socketsIn: everySocketOf(userId) }];
    }
    case EventName.SessionRevoked: {
      // Revoked tokens fail on their next use, but a socket authenticated once would stay open: close it.
      const { sessionId } = p as Payload<typeof EventName.SessionRevoked>;
      return [{ kind: 'disconnect', socketsIn: sessionRoom(sessionId) }];
    }
    case EventName.ConversationUpdated: {
      const { conversation } = p as Payload<typeof EventName.ConversationUpdated>;
      return [emit([conversationRoom(conversation.id)], 'conversation.updated', { conversation })];
    }
    case EventName.ConversationDeleted: {
      const d = p as Payload<typeof EventName.ConversationDeleted>;
      const room = conversationRoom(d.conversationId);
      return [emit([room, ...d.memberIds.flatMap((id) => memberRooms(d.conversationId, id))], 'conversation.deleted', { conversationId: d.conversationId }), { kind: 'unsubscribe', socketsIn: room, room }];
    }
    case EventName.FeatureFlagChanged: {
      // Which flag only: what it is now for each device depends on who is there, so each asks.
      const { key } = p as Payload<typeof EventName.FeatureFlagChanged>;
      return [emit([tenantRoom(event.tenantId)], 'features.updated', { key, ...featureRefresh })];
    }
    default:
      // message.created frames keep seq order through MessageFrames; a new conversation reaches
      // its members through member.joined on their user rooms.
      return [];
  }
}
