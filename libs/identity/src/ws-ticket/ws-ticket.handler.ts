import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { WsTicketResponse } from '@chat/contracts';
import { APP_CONFIG, UserRateLimits, socketUrlOf, type AppConfig } from '@chat/platform';
import { LoginSessionsRepository } from '../auth/login-sessions.repository';
import { hashToken, newOpaqueToken } from '../auth/secrets';
import { TicketScopes } from './ticket-scopes';
import { IssueWsTicketCommand } from './ws-ticket.command';

/**
 * A single-use, short-lived credential for the socket handshake (safe to put in a URL or log). Each
 * spends one of the user's RATE_LIMIT_WS_TICKETS_PER_MINUTE before the ticket is stored. A scoped
 * ticket's socket acts on its conversations only (ChatGateway confines it).
 */
@CommandHandler(IssueWsTicketCommand)
export class IssueWsTicketHandler implements ICommandHandler<IssueWsTicketCommand> {
  constructor(
    private readonly sessions: LoginSessionsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly rates: UserRateLimits,
    private readonly scopes: TicketScopes,
  ) {}

  async execute({ principal, requestOrigin, conversationIds }: IssueWsTicketCommand): Promise<WsTicketResponse> {
    await this.rates.spend('wsTicketsPerMinute', principal.userId);
    const scope = conversationIds ? await this.scopes.confirm(principal, conversationIds) : null;
    const ticket = newOpaqueToken();
    const expiresAt = new Date(Date.now() + this.config.auth.wsTicketTtlSeconds * 1000);
    await this.sessions.addTicket(principal, hashToken(ticket), expiresAt, scope);
    return { url: socketUrlOf(this.config.http.publicUrl, requestOrigin), ticket, expiresAt: expiresAt.toISOString(), ...(scope && { conversationIds: scope }) };
  }
}
