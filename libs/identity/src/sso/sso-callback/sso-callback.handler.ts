import { timingSafeEqual } from 'node:crypto';
import { Inject, Logger } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ErrorCode } from '@chat/contracts';
import { DomainError, assertNotAccountBanned } from '@chat/domain';
import { APP_CONFIG, type AppConfig } from '@chat/platform';
import { hashToken, newOpaqueToken } from '../../auth/secrets';
import { TenantSignUp } from '../../tenants/tenant-sign-up';
import { TenantSlugs } from '../../tenants/tenant-slugs';
import { ProfileSync } from '../../profile-source/profile-sync';
import { mapClaims } from '../claim-mapping';
import { OidcRelyingParty } from '../oidc-relying-party';
import { SsoAccounts } from '../sso-accounts';
import { SsoRepository, type PendingLogin } from '../sso.repository';
import { assertSsoConfigured } from '../sso-configured';
import { SsoCallbackCommand, type SsoCallbackResult } from './sso-callback.command';

/**
 * The provider sent the browser back: the state must be this browser's and still pending (it is
 * used up either way), the code is redeemed and the ID token verified, the claims name the tenant
 * and role, the account's profile is fetched from the main service when that is configured, and the
 * linked account gets a one-time login code (no tokens in a URL).
 */
@CommandHandler(SsoCallbackCommand)
export class SsoCallbackHandler implements ICommandHandler<SsoCallbackCommand> {
  private readonly logger = new Logger(SsoCallbackHandler.name);

  constructor(
    private readonly relyingParty: OidcRelyingParty,
    private readonly repository: SsoRepository,
    private readonly slugs: TenantSlugs,
    private readonly accounts: SsoAccounts,
    private readonly profiles: ProfileSync,
    private readonly signUp: TenantSignUp,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ answer, browserState }: SsoCallbackCommand): Promise<SsoCallbackResult> {
    assertSsoConfigured(this.config);
    const pending = await this.takePending(answer.state, browserState);
    if (answer.error || !answer.code) {
      throw new DomainError(ErrorCode.SSO_DENIED, `The identity provider did not log you in (${(answer.error ?? 'no code').slice(0, 64)})`, 'Try again, or ask your administrator for access');
    }
    const claims = await this.relyingParty.claimsForCode(answer.code, pending);
    const mapped = mapClaims(claims, this.config.sso);
    const tenantId = mapped.tenantSlug ? await this.slugs.idOf(mapped.tenantSlug, `the ${this.config.sso.tenantClaim} claim`, 'Check the organization your account at the identity provider belongs to') : pending.tenantId;
    if (!mapped.allowed) {
      throw new DomainError(ErrorCode.SSO_ROLE_NOT_ALLOWED, 'Your account at the identity provider has none of the roles this chat admits', 'Ask your administrator for access');
    }
    // Among several organizations, one the token does not name was the browser's pick (?tenant=):
    // the provider vouches for the person, not for their place there. Its roles make no
    // administrator of it, and a new account there needs the organization's open registration, as
    // a password one does.
    const pickedByBrowser = this.config.tenancy.mode === 'multi' && !mapped.tenantSlug;
    const { user, created } = await this.accounts.accountFor(tenantId, { issuer: claims.iss!, subject: claims.sub, claims }, pickedByBrowser ? null : mapped.tenantRole, () =>
      pickedByBrowser ? this.signUp.assertRegistrationOpen(tenantId) : Promise.resolve(),
    );
    assertNotAccountBanned(user, Date.now());
    // Name and avatar from the main service (off without PROFILE_SOURCE_URL); its failure never stops the login.
    await this.profiles.atLogin(claims.sub, created);
    const loginCode = newOpaqueToken();
    await this.repository.saveLoginCode(hashToken(loginCode), tenantId, user.id, this.config.sso.loginCodeTtlSeconds);
    this.logger.log({ event: 'sso.callback.succeeded', userId: user.id, tenantRole: user.tenantRole }, 'SSO login verified');
    return { returnTo: pending.returnTo, loginCode };
  }

  private async takePending(state: string | null, browserState: string | null): Promise<PendingLogin> {
    const refuse = (why: string) => new DomainError(ErrorCode.SSO_STATE_INVALID, `This login cannot be completed: ${why}`, 'Start the login again from the login screen');
    if (!state) throw refuse('the answer has no state');
    if (!browserState || !sameText(state, browserState)) throw refuse('it was started in another browser');
    const pending = await this.repository.takePending(hashToken(state));
    if (!pending) throw refuse('it is unknown, expired or finished already');
    return pending;
  }
}

function sameText(a: string, b: string): boolean {
  const [x, y] = [Buffer.from(a), Buffer.from(b)];
  return x.length === y.length && timingSafeEqual(x, y);
}
