import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ErrorCode, type MeResponse } from '@chat/contracts';
import { DomainError } from '@chat/domain';
import { APP_CONFIG, type AppConfig } from '@chat/platform';
import { TenantAdmins } from '../auth/tenant-admins';
import { UsersRepository, toPreferences, toUser } from '../auth/users.repository';
import { MeQuery } from './me.query';

@QueryHandler(MeQuery)
export class MeHandler implements IQueryHandler<MeQuery> {
  constructor(
    private readonly users: UsersRepository,
    private readonly admins: TenantAdmins,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ principal }: MeQuery): Promise<MeResponse> {
    const user = await this.users.findById(principal.tenantId, principal.userId);
    if (!user) throw new DomainError(ErrorCode.TOKEN_REVOKED, 'This account no longer exists');
    return {
      user: toUser(user),
      isAdmin: this.admins.isAdminUser(user),
      mfaEnabled: user.mfaEnabledAt !== null,
      preferences: toPreferences(user),
      defaultChannels: this.config.defaultChannels,
    };
  }
}
