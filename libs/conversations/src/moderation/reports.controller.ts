import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query, Res, UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { ReportResponse, ReportsResponse } from '@chat/contracts';
import { AccessTokenGuard, CurrentPrincipal, type Principal } from '@chat/identity';
import { ListReportsDto } from '../list-reports/list-reports.dto';
import { ListReportsQuery } from '../list-reports/list-reports.query';
import { ReportMessageCommand } from '../report-message/report-message.command';
import { ReportMessageDto } from '../report-message/report-message.dto';
import { ResolveReportCommand } from '../resolve-report/resolve-report.command';
import { ResolveReportDto } from '../resolve-report/resolve-report.dto';

const Id = (name = 'id') => Param(name, new ParseUUIDPipe());

/** Reports of messages to a conversation's owners and admins (see @chat/contracts moderation.ts). */
@ApiTags('moderation')
@ApiBearerAuth()
@UseGuards(AccessTokenGuard)
@Controller('v1/conversations')
export class ReportsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post(':id/messages/:messageId/reports')
  async report(@CurrentPrincipal() p: Principal, @Id() id: string, @Id('messageId') messageId: string, @Body() body: ReportMessageDto, @Res({ passthrough: true }) res: Response): Promise<ReportResponse> {
    const { report, created } = await this.commands.execute(new ReportMessageCommand(p, id, messageId, body));
    res.status(created ? 201 : 200);
    return { report };
  }

  @Get(':id/reports')
  reports(@CurrentPrincipal() p: Principal, @Id() id: string, @Query() query: ListReportsDto): Promise<ReportsResponse> {
    return this.queries.execute(new ListReportsQuery(p, id, query));
  }

  @Patch(':id/reports/:reportId')
  async resolve(@CurrentPrincipal() p: Principal, @Id() id: string, @Id('reportId') reportId: string, @Body() body: ResolveReportDto): Promise<ReportResponse> {
    return { report: await this.commands.execute(new ResolveReportCommand(p, id, reportId, body)) };
  }
}
