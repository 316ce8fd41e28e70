import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { TenantExport } from '@chat/contracts';
import { TenantAdmins } from '@chat/identity';
import { APP_CONFIG, type AppConfig } from '@chat/platform';
import { TenantExportWorker } from '../tenant-export-worker';
import { TenantExportsRepository } from '../tenant-exports.repository';
import { RequestTenantExportCommand } from './request-tenant-export.command';

/**
 * An administrator asks for the tenant's export: a pending row (refused past
 * EXPORT_MAX_PENDING_PER_TENANT waiting or running), and this node's worker woken to run it.
 */
@CommandHandler(RequestTenantExportCommand)
export class RequestTenantExportHandler implements ICommandHandler<RequestTenantExportCommand> {
  constructor(
    private readonly admins: TenantAdmins,
    private readonly exports: TenantExportsRepository,
    private readonly worker: TenantExportWorker,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ principal }: RequestTenantExportCommand): Promise<TenantExport> {
    await this.admins.assertAdmin(principal);
    const { maxPendingPerTenant, retentionHours } = this.config.exports;
    const created = await this.exports.request(principal.tenantId, principal.userId, maxPendingPerTenant, retentionHours);
    this.worker.wake();
    return created;
  }
}
