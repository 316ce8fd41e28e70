import type { Socket } from 'socket.io';
import { ErrorCode } from '@chat/contracts';
import { DomainError } from '@chat/domain';
import type { Metrics } from '@chat/platform';
import { answer } from './socket-ack';

/**
 * Confines a socket opened with a scoped ws ticket to the ticket's conversations (seed 000
 * FR-007). As the socket's packet middleware it sees every client event before its handler, so
 * one check covers each event that names a conversation, however many there are; the refusal is
 * that event's own ack, in the contract's error shape. Events naming none (presence) pass, and so
 * does a malformed one, for its handler's validation to answer.
 */
export function confineToTicketScope(socket: Pick<Socket, 'use'>, scope: readonly string[], metrics: Metrics): void {
  const allowed = new Set(scope);
  socket.use((packet, next) => {
    const [event, payload] = packet;
    const conversationId = (payload as { conversationId?: unknown } | null | undefined)?.conversationId;
    if (typeof conversationId !== 'string' || allowed.has(conversationId.toLowerCase())) return next();
    const ack: unknown = packet.at(-1);
    // Without an ack the client asked for no answer: the event is dropped all the same.
    if (typeof ack !== 'function') return;
    void answer(String(event), () => Promise.reject(outsideScope()), metrics).then((refusal) => ack(refusal));
  });
}

const outsideScope = () =>
  new DomainError(ErrorCode.FORBIDDEN, 'This socket was opened with a ticket for other conversations', 'Open a socket with a ticket that names this conversation, or one without conversationIds');
