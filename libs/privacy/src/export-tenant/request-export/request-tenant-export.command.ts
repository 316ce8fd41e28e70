import { Command } from '@nestjs/cqrs';
import type { TenantExport } from '@chat/contracts';
import type { Principal } from '@chat/identity';

export class RequestTenantExportCommand extends Command<TenantExport> {
  constructor(readonly principal: Principal) {
    super();
  }
}
