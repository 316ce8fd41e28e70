import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ErrorCode, type AuthResponse } from '@chat/contracts';
import { DomainError } from '@chat/domain';
import { APP_CONFIG, type AppConfig } from '@chat/platform';
import { LoginIssuer } from '../../auth/login-issuer';
import { hashToken } from '../../auth/secrets';
import { UsersRepository } from '../../auth/users.repository';
import { SsoRepository } from '../sso.repository';
import { assertSsoConfigured } from '../sso-configured';
import { ExchangeSsoCodeCommand } from './exchange-sso-code.command';

/** The web client's one-time login code, for the usual token pair: once, within OIDC_LOGIN_CODE_TTL_SECONDS. */
@CommandHandler(ExchangeSsoCodeCommand)
export class ExchangeSsoCodeHandler implements ICommandHandler<ExchangeSsoCodeCommand> {
  constructor(
    private readonly repository: SsoRepository,
    private readonly users: UsersRepository,
    private readonly logins: LoginIssuer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ code, client }: ExchangeSsoCodeCommand): Promise<{ auth: AuthResponse; tenantId: string }> {
    assertSsoConfigured(this.config);
    const taken = await this.repository.takeLoginCode(hashToken(code));
    if (!taken) throw new DomainError(ErrorCode.SSO_LOGIN_CODE_INVALID, 'This login code is unknown, expired or used already', 'Log in again');
    const user = await this.users.findById(taken.tenantId, taken.userId);
    if (!user || user.deletedAt) throw new DomainError(ErrorCode.SSO_ACCOUNT_DELETED, 'The account of this login was deleted', 'Ask an administrator of this chat');
    // LoginIssuer refuses a banned account, as for every other way in.
    return { auth: await this.logins.startLogin(user, client), tenantId: taken.tenantId };
  }
}
