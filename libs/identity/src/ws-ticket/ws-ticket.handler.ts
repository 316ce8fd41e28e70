import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { WsTicketResponse } from '@chat/contracts';
import { APP_CONFIG, type AppConfig } from '@chat/platform';
import { LoginSessionsRepository } from '../auth/login-sessions.repository';
import { hashToken, newOpaqueToken } from '../auth/secrets';
import { IssueWsTicketCommand } from './ws-ticket.command';

/** A single-use, short-lived credential for the socket handshake (safe to put in a URL or log). */
@CommandHandler(IssueWsTicketCommand)
export class IssueWsTicketHandler implements ICommandHandler<IssueWsTicketCommand> {
  constructor(
    private readonly sessions: LoginSessionsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ principal, requestOrigin }: IssueWsTicketCommand): Promise<WsTicketResponse> {
    const ticket = newOpaqueToken();
    const expiresAt = new Date(Date.now() + this.config.auth.wsTicketTtlSeconds * 1000);
    await this.sessions.addTicket(principal, hashToken(ticket), expiresAt);
    const base = (this.config.http.publicUrl ?? requestOrigin).replace(/^http/, 'ws').replace(/\/$/, '');
    return { url: `${base}/socket.io`, ticket, expiresAt: expiresAt.toISOString() };
  }
}
