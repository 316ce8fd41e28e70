import { Injectable } from '@nestjs/common';
import type { Socket } from 'socket.io';
import type { ClientToServerEvents } from '@chat/contracts';
import type { Principal } from '@chat/identity';
import { Metrics, UserRateLimits, type PerMinuteRate } from '@chat/platform';
import { answer } from './socket-ack';

/**
 * Client events that cost the server or a room something each time and have no budget on their
 * own path (typing and receipts spend theirs in their handlers): each spends one of its user's
 * RATE_LIMIT_*_PER_MINUTE before its handler runs.
 */
const EVENT_BUDGETS: Partial<Record<keyof ClientToServerEvents, PerMinuteRate>> = {
  'conversation.join': 'socketJoinsPerMinute',
  // Each change of the conversation a socket shows sends a `viewers` frame to the whole room.
  'conversation.view': 'viewsPerMinute',
  // A history read, and an audit entry written, per page.
  sync: 'syncsPerMinute',
  // Announced to every conversation of the user.
  'presence.set': 'presenceChangesPerMinute',
};

/**
 * Holds a socket's budgeted client events to their user's budgets (UserRateLimits, shared by every
 * node and by all of the user's sockets). As the socket's packet middleware it sees each event
 * before its handler: past the budget the event's own ack answers RATE_LIMITED with
 * retryAfterSeconds, and the handler never runs, so nothing is read, written or broadcast.
 */
@Injectable()
export class SocketEventBudgets {
  constructor(
    private readonly rates: UserRateLimits,
    private readonly metrics: Metrics,
  ) {}

  enforce(socket: Pick<Socket<never, never, never, { principal: Principal }>, 'use' | 'data'>): void {
    socket.use((packet, next) => {
      const event = String(packet[0]);
      const rate = EVENT_BUDGETS[event as keyof ClientToServerEvents];
      if (!rate) return next();
      this.rates.spend(rate, socket.data.principal.userId).then(
        () => next(),
        (err: unknown) => {
          const ack: unknown = packet.at(-1);
          // Without an ack the client asked for no answer: the event is dropped all the same.
          if (typeof ack === 'function') void answer(event, () => Promise.reject(err), this.metrics).then((refusal) => ack(refusal));
        },
      );
    });
  }
}
