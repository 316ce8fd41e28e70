import { Injectable, Logger } from '@nestjs/common';
import { ErrorCode } from '@chat/contracts';
import { DomainError } from '@chat/domain';
import { SecondFactor, SessionRevoker, UsersRepository, type Principal } from '@chat/identity';
import { ConversationsRepository } from '../shared/conversations.repository';
import { DeviceRetirement } from './device-retirement';

/**
 * Unlinks one of my E2EE devices (seed 003 req. 11.5, 20.4): a lost or retired browser stops
 * taking a place among E2EE_DEVICE_KEYS_MAX and stops being owed an envelope at every rotation.
 * Sensitive like ending another device's login: with two-step login on it needs a code. The key
 * goes as DeviceRetirement takes it out of use.
 *
 * It also ends the device's login, the one its key was last registered from (identity's
 * SessionRevoker, in this transaction: the key goes only with the login, and the login's sockets
 * close once it commits), so a lost device cannot register a key again and be sent the next one.
 * Never the caller's own login: the request is made with it, so it is in the user's hands (a
 * browser restored from a backup lists the id it started under, bound to its login, as another
 * device), and unlinking one's own device is not a way to log out. Keys from before logins were
 * recorded end none.
 */
@Injectable()
export class DeviceUnlinking {
  private readonly logger = new Logger(DeviceUnlinking.name);

  constructor(
    private readonly retirement: DeviceRetirement,
    private readonly conversations: ConversationsRepository,
    private readonly users: UsersRepository,
    private readonly secondFactor: SecondFactor,
    private readonly sessions: SessionRevoker,
  ) {}

  async unlink(principal: Principal, deviceId: string, mfaCode: string | undefined): Promise<void> {
    const { tenantId, userId } = principal;
    const user = await this.users.findById(tenantId, userId);
    if (user) await this.secondFactor.assert(user, mfaCode);
    const { rotating, endedLogin } = await this.conversations.transaction(async (em) => {
      const unlinked = await this.retirement.retire(em, tenantId, userId, deviceId);
      if (unlinked === null) throw new DomainError(ErrorCode.E2EE_DEVICE_NOT_FOUND, 'None of your E2EE devices has that id', 'See GET /v1/me/devices');
      const { sessionId } = unlinked;
      const ended = sessionId !== null && sessionId !== principal.sessionId && (await this.sessions.revokeWithin(em, { tenantId, userId, sessionId }, 'device-unlinked'));
      return { rotating: unlinked.rotating.length, endedLogin: ended ? sessionId : null };
    });
    this.logger.log({ event: 'e2ee.device.unlinked', tenantId, userId, deviceId, rotating, endedLogin }, 'E2EE device unlinked');
  }
}
