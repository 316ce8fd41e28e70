import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AuditModule } from '@chat/audit';
import { APP_CONFIG, type AppConfig } from '@chat/platform';
import { AccessTokenGuard } from './auth/access-token.guard';
import { AccountGuesses } from './auth/account-guesses';
import { AccessTokens } from './auth/access-tokens';
import { AuthRateLimitGuard } from './auth/auth-rate-limit.guard';
import { Authenticator } from './auth/authenticator';
import { LoginChallenges } from './auth/login-challenges';
import { LoginIssuer } from './auth/login-issuer';
import { LoginSessionsRepository } from './auth/login-sessions.repository';
import { NewAccounts } from './auth/new-accounts';
import { PasswordConfirmation } from './auth/password-confirmation';
import { PasswordHasher } from './auth/password-hasher';
import { SessionRevoker } from './auth/session-revoker';
import { TenantAdmins } from './auth/tenant-admins';
import { UsersRepository } from './auth/users.repository';
import { AuthController } from './auth.controller';
import { BlockUserHandler, UnblockUserHandler } from './blocks/block-user.handler';
import { BlocksController } from './blocks/blocks.controller';
import { ListBlocksHandler } from './blocks/list-blocks.handler';
import { UserBlocksRepository } from './blocks/user-blocks.repository';
import { MfaController } from './mfa/mfa.controller';
import { ConfirmMfaHandler, DisableMfaHandler, EnrolMfaHandler } from './mfa/mfa.handlers';
import { resolveMfaSecretKeys } from './mfa/mfa-secret-key';
import { SecondFactor } from './mfa/second-factor';
import { TotpSecretSeal } from './mfa/totp-secret-seal';
import { FindUsersHandler } from './find-users/find-users.handler';
import { GuestLoginHandler } from './guest-login/guest-login.handler';
import { LoginHandler } from './login/login.handler';
import { LogoutHandler } from './logout/logout.handler';
import { MeHandler } from './me/me.handler';
import { PreferencesController } from './preferences/preferences.controller';
import { ProfileController } from './profile/profile.controller';
import { UpdateProfileHandler } from './profile/update-profile.handler';
import { UpdatePreferencesHandler } from './preferences/update-preferences.handler';
import { RefreshHandler } from './refresh/refresh.handler';
import { RegisterHandler } from './register/register.handler';
import { ListSessionsHandler } from './sessions/list-sessions.handler';
import { RevokeSessionHandler } from './sessions/revoke-session.handler';
import { CreateTenantHandler } from './tenants/create-tenant/create-tenant.handler';
import { LoginTenantGuard } from './tenants/login-tenant.guard';
import { TenantHandler } from './tenants/tenant.handler';
import { TenantsController } from './tenants/tenants.controller';
import { TenantSignUp } from './tenants/tenant-sign-up';
import { TenantSlugs } from './tenants/tenant-slugs';
import { TenantsRepository } from './tenants/tenants.repository';
import { UpdateTenantHandler } from './tenants/update-tenant/update-tenant.handler';
import { TicketScopes } from './ws-ticket/ticket-scopes';
import { IssueWsTicketHandler } from './ws-ticket/ws-ticket.handler';
import { ExchangeSsoCodeHandler } from './sso/exchange-sso-code/exchange-sso-code.handler';
import { OidcRelyingParty } from './sso/oidc-relying-party';
import { SsoAccounts } from './sso/sso-accounts';
import { SsoCallbackHandler } from './sso/sso-callback/sso-callback.handler';
import { SsoController } from './sso/sso.controller';
import { SsoRepository } from './sso/sso.repository';
import { StartSsoHandler } from './sso/start-sso/start-sso.handler';
import { ProfileWriter } from './profile/profile-writer';
import { ProfileSourceClient } from './profile-source/profile-source.client';
import { ProfileSourceMetrics } from './profile-source/profile-source.metrics';
import { ProfileSync } from './profile-source/profile-sync';
import { ApplyProfileUpdatesHandler } from './profile-source/profile-updates/apply-profile-updates.handler';
import { ProfileUpdatesController } from './profile-source/profile-updates/profile-updates.controller';

/** One seal with this configuration's keys, for SecondFactor and the re-seal pass alike. */
const TOTP_SECRET_SEAL = { provide: TotpSecretSeal, inject: [APP_CONFIG], useFactory: (config: AppConfig) => new TotpSecretSeal(resolveMfaSecretKeys(config)) };
const PROFILE_SOURCE_CLIENT = { provide: ProfileSourceClient, inject: [APP_CONFIG], useFactory: (config: AppConfig) => new ProfileSourceClient(config.profileSource) };

const HANDLERS = [RegisterHandler, LoginHandler, GuestLoginHandler, RefreshHandler, LogoutHandler, IssueWsTicketHandler, MeHandler, UpdatePreferencesHandler, UpdateProfileHandler, FindUsersHandler, ListSessionsHandler, RevokeSessionHandler, EnrolMfaHandler, ConfirmMfaHandler, DisableMfaHandler, CreateTenantHandler, TenantHandler, UpdateTenantHandler, StartSsoHandler, SsoCallbackHandler, ExchangeSsoCodeHandler, BlockUserHandler, UnblockUserHandler, ListBlocksHandler, ApplyProfileUpdatesHandler];

@Module({
  imports: [CqrsModule, AuditModule],
  controllers: [AuthController, MfaController, PreferencesController, ProfileController, TenantsController, SsoController, BlocksController, ProfileUpdatesController],
  providers: [...HANDLERS, UserBlocksRepository, AccessTokens, Authenticator, LoginIssuer, LoginSessionsRepository, PasswordHasher, UsersRepository, TenantAdmins, SessionRevoker, SecondFactor, TOTP_SECRET_SEAL, AccessTokenGuard, AuthRateLimitGuard, TenantsRepository, LoginTenantGuard, TenantSignUp, TenantSlugs, OidcRelyingParty, SsoRepository, SsoAccounts, AccountGuesses, PasswordConfirmation, ProfileWriter, PROFILE_SOURCE_CLIENT, ProfileSourceMetrics, ProfileSync, TicketScopes, LoginChallenges, NewAccounts],
  exports: [Authenticator, AccessTokenGuard, UsersRepository, UserBlocksRepository, LoginSessionsRepository, SessionRevoker, TenantAdmins, PasswordHasher, PasswordConfirmation, SecondFactor, TotpSecretSeal, SsoRepository, ProfileSync, NewAccounts],
})
export class IdentityModule {}
