import type { Socket } from 'socket.io';
import type { SettlingAdapter } from './configured-io.adapter';

/** Room names: one per conversation, one per user (all of that user's devices), one per login (the sockets it opened), one per tenant (every device of its users). */
export const conversationRoom = (conversationId: string) => `conv:${conversationId}`;
export const userRoom = (userId: string) => `user:${userId}`;
export const sessionRoom = (sessionId: string) => `session:${sessionId}`;
export const tenantRoom = (tenantId: string) => `tenant:${tenantId}`;

/**
 * A socket opened with a ticket scoped to some conversations (seed 000 FR-007) is not in its
 * user's room, whose frames concern the whole account. It is in one room per conversation of its
 * scope, for what concerns the member there, and in its account's scoped room, to be closed with
 * the account's other sockets.
 */
export const scopedRoom = (conversationId: string, userId: string) => `scoped:${conversationId}:${userId}`;
export const scopedAccountRoom = (userId: string) => `scoped:${userId}`;
/** A member's sockets that hear about one of their conversations: every unscoped one, and those scoped to it. */
export const memberRooms = (conversationId: string, userId: string) => [userRoom(userId), scopedRoom(conversationId, userId)];
/** Every socket of a user, scoped or not: for closing them, never for frames. */
export const everySocketOf = (userId: string) => [userRoom(userId), scopedAccountRoom(userId)];

/**
 * Joins `socket` to `rooms` and resolves once a frame emitted to them on any node reaches it: at
 * once with the in-memory adapter; with the sharded Redis adapter, once this node's subscriptions
 * to the rooms' channels are in place. Before that, a message sent on another node right after a
 * `conversation.join` was acknowledged could miss the joiner.
 */
export async function joinRooms(socket: Pick<Socket, 'join' | 'nsp'>, rooms: string | string[]): Promise<void> {
  await socket.join(rooms);
  await (socket.nsp.adapter as Partial<SettlingAdapter>).subscriptionsSettled?.();
}
