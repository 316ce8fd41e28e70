import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, StreamableFile, UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { createReadStream, type ReadStream } from 'node:fs';
import { once } from 'node:events';
import type { Request } from 'express';
import { Audited } from '@chat/audit';
import { ErrorCode, type TenantExportListResponse, type TenantExportResponse } from '@chat/contracts';
import { DomainError } from '@chat/domain';
import { AccessTokenGuard, CurrentPrincipal, type Principal } from '@chat/identity';
import { TenantExportsPageDto } from './read-exports/tenant-exports-page.dto';
import { TenantExportFileQuery, TenantExportQuery, TenantExportsPageQuery } from './read-exports/tenant-export.queries';
import { RequestTenantExportCommand } from './request-export/request-tenant-export.command';

const ExportId = () => Param('id', new ParseUUIDPipe());
/** The export id is not a conversation: kept in the entry's details instead. */
const exportAudit = { conversationOf: () => undefined, detailsOf: (req: Request) => (req.params.id ? { exportId: req.params.id } : {}) };

/** Tenant data exports for administrators (see @chat/contracts tenant-exports.ts and @chat/privacy's README). */
@ApiTags('administration')
@ApiBearerAuth()
@UseGuards(AccessTokenGuard)
@Controller('v1/admin/exports')
export class TenantExportsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @HttpCode(202)
  @Audited({ action: 'admin.export.request', ...exportAudit, resultDetailsOf: (response) => ({ exportId: (response as TenantExportResponse).export.id }) })
  async request(@CurrentPrincipal() p: Principal): Promise<TenantExportResponse> {
    return { export: await this.commands.execute(new RequestTenantExportCommand(p)) };
  }

  @Get()
  list(@CurrentPrincipal() p: Principal, @Query() page: TenantExportsPageDto): Promise<TenantExportListResponse> {
    return this.queries.execute(new TenantExportsPageQuery(p, page));
  }

  @Get(':id')
  async get(@CurrentPrincipal() p: Principal, @ExportId() id: string): Promise<TenantExportResponse> {
    return { export: await this.queries.execute(new TenantExportQuery(p, id)) };
  }

  /** The file, opened before the answer starts (a missing file is a 404, not a cut-off download); the audit entry is written before it streams. */
  @Get(':id/download')
  @Audited({ action: 'admin.export.download', ...exportAudit })
  async download(@CurrentPrincipal() p: Principal, @ExportId() id: string): Promise<StreamableFile> {
    const file = await this.queries.execute(new TenantExportFileQuery(p, id));
    const stream = await opened(createReadStream(file.path));
    return new StreamableFile(stream, { type: 'application/gzip', disposition: `attachment; filename="${file.downloadName}"`, length: file.export.sizeBytes ?? undefined });
  }
}

async function opened(stream: ReadStream): Promise<ReadStream> {
  try {
    await once(stream, 'open');
    return stream;
  } catch (cause) {
    throw new DomainError(ErrorCode.EXPORT_NOT_FOUND, 'The export’s file is gone', 'Request a new export', { cause });
  }
}
