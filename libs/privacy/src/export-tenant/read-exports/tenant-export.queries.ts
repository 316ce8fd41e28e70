import { Query } from '@nestjs/cqrs';
import type { TenantExport, TenantExportListQuery, TenantExportListResponse } from '@chat/contracts';
import type { Principal } from '@chat/identity';

export class TenantExportQuery extends Query<TenantExport> {
  constructor(
    readonly principal: Principal,
    readonly exportId: string,
  ) {
    super();
  }
}

export class TenantExportsPageQuery extends Query<TenantExportListResponse> {
  constructor(
    readonly principal: Principal,
    readonly page: TenantExportListQuery,
  ) {
    super();
  }
}

/** Where a ready export's file is, to stream it. */
export interface TenantExportFile {
  export: TenantExport;
  path: string;
  downloadName: string;
}

export class TenantExportFileQuery extends Query<TenantExportFile> {
  constructor(
    readonly principal: Principal,
    readonly exportId: string,
  ) {
    super();
  }
}
