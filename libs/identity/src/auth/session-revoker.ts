import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { EventName } from '@chat/contracts';
import { OutboxWriter } from '@chat/persistence';
import { LoginSessionsRepository } from './login-sessions.repository';
import type { Principal } from './principal';

/**
 * Ends one login: its access tokens fail the session check and its refresh tokens stop rotating at
 * once, and `chat.session.revoked.v1` (committed with it) closes the sockets it opened, on every
 * gateway. False when it had ended already. Exported so that another context can end a login as
 * part of its own change (unlinking an E2EE device ends that device's login), in its transaction.
 */
@Injectable()
export class SessionRevoker {
  constructor(
    private readonly sessions: LoginSessionsRepository,
    private readonly outbox: OutboxWriter,
  ) {}

  revoke(session: Principal, reason: string): Promise<boolean> {
    return this.sessions.transaction((em) => this.revokeWithin(em, session, reason));
  }

  /** The same, inside the caller's transaction: the login ends (and its sockets close) only if that commits. */
  async revokeWithin(em: EntityManager, session: Principal, reason: string): Promise<boolean> {
    if (!(await this.sessions.revokeSession(em, session, reason))) return false;
    const { tenantId, userId, sessionId } = session;
    await this.outbox.append(em, [{ name: EventName.SessionRevoked, tenantId, aggregateType: 'user', aggregateId: userId, payload: { userId, sessionId } }]);
    return true;
  }
}
