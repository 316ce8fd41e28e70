import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { LoginSession } from '@chat/contracts';
import { LoginSessionsRepository } from '../auth/login-sessions.repository';
import { ListSessionsQuery } from './sessions.query';

/** My logins in force, so I can tell my devices apart and end one I do not recognise. */
@QueryHandler(ListSessionsQuery)
export class ListSessionsHandler implements IQueryHandler<ListSessionsQuery> {
  constructor(private readonly sessions: LoginSessionsRepository) {}

  async execute({ principal }: ListSessionsQuery): Promise<LoginSession[]> {
    return (await this.sessions.active(principal.tenantId, principal.userId)).map((s) => ({
      id: s.id,
      createdAt: s.createdAt.toISOString(),
      lastUsedAt: s.lastUsedAt?.toISOString() ?? null,
      userAgent: s.userAgent,
      ip: s.ip,
      current: s.id === principal.sessionId,
      deviceBound: s.deviceKey !== null,
    }));
  }
}
