import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AuditModule } from '@chat/audit';
import { IdentityModule } from '@chat/identity';
import { TenantExportFileHandler, TenantExportHandler, TenantExportListHandler } from './read-exports/tenant-export.handlers';
import { RequestTenantExportHandler } from './request-export/request-tenant-export.handler';
import { TenantDataRepository } from './tenant-data.repository';
import { TenantExportWorker } from './tenant-export-worker';
import { TenantExportWriter } from './tenant-export-writer';
import { TenantExportsController } from './tenant-exports.controller';
import { TenantExportsRepository } from './tenant-exports.repository';

/**
 * `/v1/admin/exports` and the worker that writes the exports: where commands run (all-in-one, the
 * command app), beside the files in EXPORT_DIR. Its reads are served there too (a split gateway
 * sends every `/v1/admin/exports` request to the command app), since the download is a file on that
 * app's volume.
 */
@Module({
  imports: [CqrsModule, IdentityModule, AuditModule],
  controllers: [TenantExportsController],
  providers: [TenantExportsRepository, TenantDataRepository, TenantExportWriter, TenantExportWorker, RequestTenantExportHandler, TenantExportHandler, TenantExportListHandler, TenantExportFileHandler],
})
export class TenantExportModule {}
