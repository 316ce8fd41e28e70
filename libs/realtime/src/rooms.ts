import type { Socket } from 'socket.io';
import type { SettlingAdapter } from './configured-io.adapter';

/** Room names: one per conversation, one per user (all of that user's devices), one per login (the sockets it opened), one per tenant (every device of its users). */
export const conversationRoom = (conversationId: string) => `conv:${conversationId}`;
export const userRoom = (userId: string) => `user:${userId}`;
export const sessionRoom = (sessionId: string) => `session:${sessionId}`;
export const tenantRoom = (tenantId: string) => `tenant:${tenantId}`;

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
