import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ErrorCode, type TenantResponse } from '@chat/contracts';
import { DomainError } from '@chat/domain';
import { TenantAdmins } from '../../auth/tenant-admins';
import { TenantsRepository, toTenant } from '../tenants.repository';
import { UpdateTenantCommand } from './update-tenant.command';

/** The tenant's administrators decide who may join by themselves. */
@CommandHandler(UpdateTenantCommand)
export class UpdateTenantHandler implements ICommandHandler<UpdateTenantCommand> {
  constructor(
    private readonly tenants: TenantsRepository,
    private readonly admins: TenantAdmins,
  ) {}

  async execute({ principal, changes }: UpdateTenantCommand): Promise<TenantResponse> {
    await this.admins.assertAdmin(principal);
    const { openRegistration, guestsAllowed } = changes;
    const tenant = await this.tenants.updateSignUp(principal.tenantId, { ...(openRegistration === undefined ? {} : { openRegistration }), ...(guestsAllowed === undefined ? {} : { guestsAllowed }) });
    if (!tenant) throw new DomainError(ErrorCode.TENANT_NOT_FOUND, 'Your tenant no longer exists');
    return { tenant: toTenant(tenant) };
  }
}
