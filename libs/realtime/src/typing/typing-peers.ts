import { Injectable } from '@nestjs/common';
import { ConversationAccess, ConversationsRepository, notFound } from '@chat/conversations';
import { blockablePeer } from '@chat/domain';
import type { ChatSocket } from '../chat.gateway';
import { conversationRoom } from '../rooms';

/**
 * Who a typing event in a conversation must be checked against for a block: the other person of a
 * direct conversation, nobody (null) in a group or channel. A socket outside the conversation's room
 * is checked for membership, whose read says the kind at no extra cost. A subscribed socket is a
 * member (removal takes it out of the room), and a conversation's kind and two people never change,
 * so the socket remembers the answer per conversation: one conversation read per socket and
 * conversation, then none for however many typing events follow. The memory is the socket's (gone
 * with it) and holds only the conversations whose room it is in.
 */
@Injectable()
export class TypingPeers {
  private readonly known = new WeakMap<ChatSocket, Map<string, string | null>>();

  constructor(
    private readonly access: ConversationAccess,
    private readonly conversations: ConversationsRepository,
  ) {}

  /** Throws as a conversation read does (404/403) when the socket's user is not a member. */
  async of(socket: ChatSocket, conversationId: string): Promise<string | null> {
    const { tenantId, userId } = socket.data.principal;
    if (!socket.rooms.has(conversationRoom(conversationId))) {
      const { conversation } = await this.access.requireMember(tenantId, conversationId, userId);
      return blockablePeer(conversation, userId);
    }
    let peers = this.known.get(socket);
    if (peers?.has(conversationId)) return peers.get(conversationId)!;
    const conversation = await this.conversations.find(tenantId, conversationId);
    if (!conversation) throw notFound();
    const peer = blockablePeer(conversation, userId);
    if (!peers) this.known.set(socket, (peers = new Map()));
    peers.set(conversationId, peer);
    // Forget the conversations the socket has left since (a long-lived socket joins and leaves many).
    if (peers.size > socket.rooms.size) for (const id of peers.keys()) if (!socket.rooms.has(conversationRoom(id))) peers.delete(id);
    return peer;
  }
}
