import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Query, UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { ReportResponse, TenantReportsResponse } from '@chat/contracts';
import { ResolveReportDto } from '@chat/conversations';
import { AccessTokenGuard, CurrentPrincipal, type Principal } from '@chat/identity';
import { ResolveTenantReportCommand } from './resolve-tenant-report.command';
import { TenantReportsDto } from './tenant-reports.dto';
import { TenantReportsQuery } from './tenant-reports.query';

/** The tenant's reports for its administrators (see @chat/contracts moderation.ts): the queue of what nobody else could act on. */
@ApiTags('administration')
@ApiBearerAuth()
@UseGuards(AccessTokenGuard)
@Controller('v1/admin/reports')
export class TenantReportsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  reports(@CurrentPrincipal() p: Principal, @Query() query: TenantReportsDto): Promise<TenantReportsResponse> {
    return this.queries.execute(new TenantReportsQuery(p, query));
  }

  @Patch(':reportId')
  async resolve(@CurrentPrincipal() p: Principal, @Param('reportId', new ParseUUIDPipe()) reportId: string, @Body() body: ResolveReportDto): Promise<ReportResponse> {
    return { report: await this.commands.execute(new ResolveTenantReportCommand(p, reportId, body)) };
  }
}
