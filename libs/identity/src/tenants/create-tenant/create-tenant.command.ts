import { Command } from '@nestjs/cqrs';
import type { CreateTenantResponse } from '@chat/contracts';
import type { LoginClient } from '../../auth/login-client';
import type { Principal } from '../../auth/principal';
import type { CreateTenantDto } from './create-tenant.dto';

export class CreateTenantCommand extends Command<CreateTenantResponse> {
  constructor(
    readonly input: CreateTenantDto,
    /** Who asked, when a token came with the request: without self-service, only a platform operator may. */
    readonly caller: Principal | null,
    readonly client: LoginClient,
  ) {
    super();
  }
}
