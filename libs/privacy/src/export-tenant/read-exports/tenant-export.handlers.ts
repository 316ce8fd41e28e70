import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import path from 'node:path';
import { ErrorCode, type TenantExport, type TenantExportListResponse } from '@chat/contracts';
import { DomainError } from '@chat/domain';
import { TenantAdmins } from '@chat/identity';
import { APP_CONFIG, pageLimit, type AppConfig } from '@chat/platform';
import { downloadFileName } from '../export-records';
import { TenantExportsRepository } from '../tenant-exports.repository';
import { TenantExportFileQuery, TenantExportsPageQuery, TenantExportQuery, type TenantExportFile } from './tenant-export.queries';

/** One export of the caller's tenant (404 for any other tenant's id), for administrators. */
@QueryHandler(TenantExportQuery)
export class TenantExportHandler implements IQueryHandler<TenantExportQuery> {
  constructor(
    private readonly admins: TenantAdmins,
    private readonly exports: TenantExportsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ principal, exportId }: TenantExportQuery): Promise<TenantExport> {
    await this.admins.assertAdmin(principal);
    const { fileName: _, ...found } = await this.exports.find(principal.tenantId, exportId, this.config.exports.retentionHours);
    return found;
  }
}

/** A page of the tenant's exports, newest first, for administrators. */
@QueryHandler(TenantExportsPageQuery)
export class TenantExportListHandler implements IQueryHandler<TenantExportsPageQuery> {
  constructor(
    private readonly admins: TenantAdmins,
    private readonly exports: TenantExportsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ principal, page }: TenantExportsPageQuery): Promise<TenantExportListResponse> {
    const { listDefaultLimit, listMaxLimit, retentionHours } = this.config.exports;
    const limit = pageLimit(page.limit, listDefaultLimit, listMaxLimit);
    await this.admins.assertAdmin(principal);
    return this.exports.list(principal.tenantId, page.before, limit, retentionHours);
  }
}

/** A ready export's file, for administrators of its tenant; 409 EXPORT_NOT_READY before. */
@QueryHandler(TenantExportFileQuery)
export class TenantExportFileHandler implements IQueryHandler<TenantExportFileQuery> {
  constructor(
    private readonly admins: TenantAdmins,
    private readonly exports: TenantExportsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ principal, exportId }: TenantExportFileQuery): Promise<TenantExportFile> {
    await this.admins.assertAdmin(principal);
    const { fileName, ...found } = await this.exports.find(principal.tenantId, exportId, this.config.exports.retentionHours);
    if (found.status !== 'ready' || !fileName) {
      throw new DomainError(ErrorCode.EXPORT_NOT_READY, `The export is ${found.status}`, found.status === 'failed' ? 'Request a new export' : 'Poll GET /v1/admin/exports/:id until its status is ready');
    }
    return { export: found, path: path.join(this.config.exports.dir, fileName), downloadName: downloadFileName(found, principal.tenantId) };
  }
}
