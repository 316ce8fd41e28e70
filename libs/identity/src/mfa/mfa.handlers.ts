import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ErrorCode, type MfaEnrolment } from '@chat/contracts';
import { DomainError } from '@chat/domain';
import type { UserEntity } from '@chat/persistence';
import type { Principal } from '../auth/principal';
import { UsersRepository } from '../auth/users.repository';
import { ConfirmMfaCommand, DisableMfaCommand, EnrolMfaCommand } from './mfa.commands';
import { SecondFactor } from './second-factor';
import { otpauthUrl } from './totp';

/** The name authenticator apps show beside the account. */
const ISSUER = 'Chat';

async function holder(users: UsersRepository, principal: Principal): Promise<UserEntity> {
  const user = await users.findById(principal.tenantId, principal.userId);
  if (!user) throw new DomainError(ErrorCode.TOKEN_REVOKED, 'This account no longer exists');
  return user;
}

/** Starts two-step login: a new 160-bit secret, in force only once a first code confirms the app has it. */
@CommandHandler(EnrolMfaCommand)
export class EnrolMfaHandler implements ICommandHandler<EnrolMfaCommand> {
  constructor(
    private readonly users: UsersRepository,
    private readonly secondFactor: SecondFactor,
  ) {}

  async execute({ principal }: EnrolMfaCommand): Promise<MfaEnrolment> {
    const user = await holder(this.users, principal);
    if (!user.passwordHash) throw new DomainError(ErrorCode.OPERATION_NOT_SUPPORTED, 'Guest accounts have no login to protect', 'Register an account with a password first');
    if (user.mfaEnabledAt) throw new DomainError(ErrorCode.MFA_ALREADY_ENABLED, 'Two-step login is on already', 'Turn it off first to enrol another app');
    const secret = await this.secondFactor.enrol(user);
    return { secret, otpauthUrl: otpauthUrl(ISSUER, user.username, secret) };
  }
}

@CommandHandler(ConfirmMfaCommand)
export class ConfirmMfaHandler implements ICommandHandler<ConfirmMfaCommand> {
  constructor(
    private readonly users: UsersRepository,
    private readonly secondFactor: SecondFactor,
  ) {}

  async execute({ principal, code }: ConfirmMfaCommand): Promise<void> {
    const user = await holder(this.users, principal);
    if (user.mfaEnabledAt) throw new DomainError(ErrorCode.MFA_ALREADY_ENABLED, 'Two-step login is on already');
    if (!user.mfaSecret) throw new DomainError(ErrorCode.MFA_NOT_ENABLED, 'Two-step login was not started', 'POST /v1/me/mfa first');
    await this.secondFactor.spend(user, code);
    await this.users.enableMfa(principal.tenantId, principal.userId);
  }
}

@CommandHandler(DisableMfaCommand)
export class DisableMfaHandler implements ICommandHandler<DisableMfaCommand> {
  constructor(
    private readonly users: UsersRepository,
    private readonly secondFactor: SecondFactor,
  ) {}

  async execute({ principal, code }: DisableMfaCommand): Promise<void> {
    const user = await holder(this.users, principal);
    if (!user.mfaEnabledAt) throw new DomainError(ErrorCode.MFA_NOT_ENABLED, 'Two-step login is off');
    await this.secondFactor.assert(user, code);
    await this.users.disableMfa(principal.tenantId, principal.userId);
  }
}
