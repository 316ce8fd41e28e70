import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Audited } from '@chat/audit';
import type { AccountBanResponse, AuditLogResponse, AuditSummaryResponse, BannedAccountsResponse, ModerationLogResponse } from '@chat/contracts';
import { ListBansDto, ModerationLogDto } from '@chat/conversations';
import { AccessTokenGuard, CurrentPrincipal, type Principal } from '@chat/identity';
import { AuditLogDto, AuditSummaryDto } from './audit-log/audit-log.dto';
import { AuditLogQuery, AuditSummaryQuery } from './audit-log/audit-log.query';
import { AccountBanDto } from './ban-account/account-ban.dto';
import { BanAccountCommand } from './ban-account/ban-account.command';
import { BannedAccountsQuery } from './banned-accounts/banned-accounts.query';
import { LiftAccountBanCommand } from './lift-account-ban/lift-account-ban.command';
import { TenantModerationLogQuery } from './tenant-moderation-log/tenant-moderation-log.query';

const UserId = () => Param('userId', new ParseUUIDPipe());

/**
 * Tenant administration (ADMIN_USERNAMES): account bans, the tenant's moderation log and its audit
 * log (see @chat/contracts moderation.ts, audit.ts). Bans are in both logs: the moderation log has the
 * bans that took effect, with their reason; the audit log has every attempt, with its outcome.
 */
@ApiTags('administration')
@ApiBearerAuth()
@UseGuards(AccessTokenGuard)
@Controller('v1/admin')
export class AdministrationController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('users/:userId/ban')
  @Audited({ action: 'admin.account.ban', detailsOf: (req) => ({ userId: req.params.userId, durationSeconds: req.body?.durationSeconds, closeReports: req.body?.closeReports }) })
  async ban(@CurrentPrincipal() p: Principal, @UserId() userId: string, @Body() body: AccountBanDto): Promise<AccountBanResponse> {
    return { ban: await this.commands.execute(new BanAccountCommand(p, userId, body)) };
  }

  @Get('bans')
  bans(@CurrentPrincipal() p: Principal, @Query() query: ListBansDto): Promise<BannedAccountsResponse> {
    return this.queries.execute(new BannedAccountsQuery(p, query));
  }

  @Delete('users/:userId/ban')
  @HttpCode(204)
  @Audited({ action: 'admin.account.unban', detailsOf: (req) => ({ userId: req.params.userId }) })
  async lift(@CurrentPrincipal() p: Principal, @UserId() userId: string): Promise<void> {
    await this.commands.execute(new LiftAccountBanCommand(p, userId));
  }

  @Get('moderation-log')
  log(@CurrentPrincipal() p: Principal, @Query() query: ModerationLogDto): Promise<ModerationLogResponse> {
    return this.queries.execute(new TenantModerationLogQuery(p, query));
  }

  @Get('audit-log')
  auditLog(@CurrentPrincipal() p: Principal, @Query() query: AuditLogDto): Promise<AuditLogResponse> {
    return this.queries.execute(new AuditLogQuery(p, query));
  }

  @Get('audit-log/summary')
  auditSummary(@CurrentPrincipal() p: Principal, @Query() query: AuditSummaryDto): Promise<AuditSummaryResponse> {
    return this.queries.execute(new AuditSummaryQuery(p, query));
  }
}
