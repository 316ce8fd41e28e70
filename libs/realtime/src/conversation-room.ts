import type { Socket } from 'socket.io';
import type { ConversationAccess, Membership } from '@chat/conversations';
import type { Principal } from '@chat/identity';
import { conversationRoom, joinRooms } from './rooms';

/**
 * Puts a member's socket in a conversation's room (`conversation.join`, `conversation.view`). The
 * membership is checked before the join, so a non-member never hears a frame, and again once the
 * room holds the socket: a removal committed between the first check and the join was fanned out
 * while the socket was not in the room yet, and would otherwise leave it hearing the conversation
 * until it reconnects.
 */
export async function joinConversationRoom(socket: Pick<Socket, 'join' | 'leave' | 'nsp'>, access: ConversationAccess, principal: Principal, conversationId: string): Promise<Membership> {
  const { tenantId, userId } = principal;
  await access.requireMember(tenantId, conversationId, userId);
  await joinRooms(socket, conversationRoom(conversationId));
  try {
    return await access.requireMember(tenantId, conversationId, userId);
  } catch (err) {
    await socket.leave(conversationRoom(conversationId));
    throw err;
  }
}
