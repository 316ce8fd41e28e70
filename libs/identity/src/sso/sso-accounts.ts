import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { ErrorCode, type TenantRole } from '@chat/contracts';
import { DomainError } from '@chat/domain';
import { isUniqueViolation, type UserEntity } from '@chat/persistence';
import { APP_CONFIG, type AppConfig } from '@chat/platform';
import { NewAccounts } from '../auth/new-accounts';
import { UsersRepository } from '../auth/users.repository';
import { usernameCandidate, usernameFromClaims } from './claim-mapping';
import { SsoRepository } from './sso.repository';

/** Usernames tried for a new account before giving up (`name`, `name-2`, …). */
const USERNAME_ATTEMPTS = 50;

/** A person as the provider vouched for them: the verified ID token's claims. */
export interface SsoIdentity {
  issuer: string;
  subject: string;
  claims: Record<string, unknown>;
}

/**
 * The account of an SSO login: found by the provider's (issuer, subject) link in the tenant, never
 * by username, so a person at the provider cannot take over a password account of the same name;
 * created with a free username at the first login. The role the provider gives is re-applied
 * every time, so taking someone out of the admin group demotes them at their next login.
 */
@Injectable()
export class SsoAccounts {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersRepository,
    private readonly sso: SsoRepository,
    private readonly newAccounts: NewAccounts,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * The account, and whether this login created it (a profile fetched before reached no such
   * account). `mayCreate` refuses (throws) a new account before one is made.
   */
  async accountFor(tenantId: string, identity: SsoIdentity, role: TenantRole | null, mayCreate: () => Promise<void>): Promise<{ user: UserEntity; created: boolean }> {
    const linked = await this.sso.linkedUserId(tenantId, identity.issuer, identity.subject);
    if (!linked) await mayCreate();
    const user = linked ? await this.users.findById(tenantId, linked) : await this.create(tenantId, identity, role ?? 'member');
    if (!user || user.deletedAt) throw new DomainError(ErrorCode.SSO_ACCOUNT_DELETED, 'The account of this login was deleted', 'Ask an administrator of this chat');
    if (role && user.tenantRole !== role) {
      await this.sso.setTenantRole(tenantId, user.id, role);
      user.tenantRole = role;
    }
    return { user, created: !linked };
  }

  private async create(tenantId: string, identity: SsoIdentity, role: TenantRole): Promise<UserEntity | null> {
    const { usernameMaxChars, displayNameMaxChars } = this.config.limits;
    const base = usernameFromClaims(identity.claims, usernameMaxChars);
    const name = typeof identity.claims.name === 'string' ? identity.claims.name.trim().slice(0, displayNameMaxChars) : '';
    for (let attempt = 1; attempt <= USERNAME_ATTEMPTS; attempt++) {
      const username = usernameCandidate(base, attempt, usernameMaxChars);
      try {
        const user = await this.dataSource.transaction(async (em) => {
          const inserted = await this.users.insert({ id: uuidv7(), tenantId, username, displayName: name || username, passwordHash: null, isGuest: false, tenantRole: role }, em);
          await this.sso.link(em, tenantId, identity.issuer, identity.subject, inserted.id);
          return inserted;
        });
        await this.newAccounts.created({ tenantId, userId: user.id });
        return user;
      } catch (err) {
        // The same person's first login racing this one linked first: theirs is the account.
        if (isUniqueViolation(err, 'sso_identities_pkey')) {
          const winner = await this.sso.linkedUserId(tenantId, identity.issuer, identity.subject);
          return winner ? this.users.findById(tenantId, winner) : null;
        }
        if (!isUniqueViolation(err)) throw err;
      }
    }
    throw new DomainError(ErrorCode.USERNAME_TAKEN, `No free username like "${base}" in this tenant`, 'Ask an administrator of this chat');
  }
}
