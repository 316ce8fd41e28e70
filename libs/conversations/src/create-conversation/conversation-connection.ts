import type { ConversationConnection } from '@chat/contracts';
import { SOCKET_IO_PATH, publicBaseUrl, socketUrlOf } from '@chat/platform';

/** Where a client connects to follow `conversationId` live: the socket address a ws ticket names, and where to get that ticket. */
export function connectionTo(conversationId: string, publicUrl: string | null, requestOrigin: string): ConversationConnection {
  const base = publicBaseUrl(publicUrl, requestOrigin);
  return {
    url: socketUrlOf(publicUrl, requestOrigin),
    path: SOCKET_IO_PATH,
    ticketUrl: `${base}/v1/auth/ws-ticket`,
    sessionTicketUrl: `${base}/chat/ws?sessionId=${encodeURIComponent(conversationId)}`,
  };
}
