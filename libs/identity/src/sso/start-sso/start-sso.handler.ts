import { randomBytes } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { APP_CONFIG, type AppConfig } from '@chat/platform';
import { hashToken, newOpaqueToken } from '../../auth/secrets';
import { TenantSlugs } from '../../tenants/tenant-slugs';
import { OidcRelyingParty } from '../oidc-relying-party';
import { safeReturnTo } from '../return-to';
import { SsoRepository } from '../sso.repository';
import { assertSsoConfigured } from '../sso-configured';
import { StartSsoCommand, type StartSsoResult } from './start-sso.command';

/** Starts a login at the provider: fresh state, nonce and PKCE verifier, kept (state hashed) in Postgres until the callback. */
@CommandHandler(StartSsoCommand)
export class StartSsoHandler implements ICommandHandler<StartSsoCommand> {
  constructor(
    private readonly relyingParty: OidcRelyingParty,
    private readonly repository: SsoRepository,
    private readonly slugs: TenantSlugs,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ tenantSlug, returnTo }: StartSsoCommand): Promise<StartSsoResult> {
    assertSsoConfigured(this.config);
    const redirectUri = this.config.sso.redirectUrl!; // required with the issuer (readSso)
    const tenantId = await this.slugs.idOf(tenantSlug, 'the tenant parameter', 'Check the organization your account at the identity provider belongs to');
    const login = { tenantId, nonce: newOpaqueToken(), codeVerifier: randomBytes(48).toString('base64url'), redirectUri, returnTo: safeReturnTo(returnTo) };
    const state = newOpaqueToken();
    const authorizationUrl = await this.relyingParty.authorizationUrl({ state, ...login });
    await this.repository.savePending(hashToken(state), login, this.config.sso.stateTtlSeconds);
    return { authorizationUrl, state };
  }
}
