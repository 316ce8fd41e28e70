import type { Message } from './messages';

/**
 * Extension of v1: a message pinned to its conversation (`PUT /v1/conversations/:id/pins/:messageId`),
 * for everyone in it to find again: at most PINNED_MESSAGES_MAX per conversation. In a channel only
 * its owner and admins pin and unpin; in a direct conversation or a group, every member. Deleting a
 * message unpins it.
 */
export interface PinnedMessage {
  /** The message as it is now (an edit shows). */
  message: Message;
  pinnedBy: string;
  pinnedAt: string;
}

/** `PUT …/pins/:messageId`: the pin, new or as it was (pinning again changes nothing). */
export interface PinResponse {
  pin: PinnedMessage;
}

/** `GET /v1/conversations/:id/pins`: every pin of the conversation, the latest first. */
export interface PinsResponse {
  pins: PinnedMessage[];
}

/**
 * Extension of v1, to the conversation's members: `userId` pinned (`pinned`) or unpinned a message.
 * Ask `GET …/pins` for the list as it is now.
 */
export interface PinUpdatedFrame {
  conversationId: string;
  messageId: string;
  seq: number;
  pinned: boolean;
  userId: string;
}
