import { Command } from '@nestjs/cqrs';
import type { TenantResponse } from '@chat/contracts';
import type { Principal } from '../../auth/principal';
import type { UpdateTenantDto } from './update-tenant.dto';

export class UpdateTenantCommand extends Command<TenantResponse> {
  constructor(
    readonly principal: Principal,
    readonly changes: UpdateTenantDto,
  ) {
    super();
  }
}
