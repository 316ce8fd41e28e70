import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AccountBanResponse, ModerationLogResponse } from '@chat/contracts';
import { BanTermsDto, ModerationLogDto } from '@chat/conversations';
import { AccessTokenGuard, CurrentPrincipal, type Principal } from '@chat/identity';
import { BanAccountCommand } from './ban-account/ban-account.command';
import { LiftAccountBanCommand } from './lift-account-ban/lift-account-ban.command';
import { TenantModerationLogQuery } from './tenant-moderation-log/tenant-moderation-log.query';

const UserId = () => Param('userId', new ParseUUIDPipe());

/** Tenant administration (ADMIN_USERNAMES): account bans and the tenant's moderation log (see @chat/contracts moderation.ts). */
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
  async ban(@CurrentPrincipal() p: Principal, @UserId() userId: string, @Body() body: BanTermsDto): Promise<AccountBanResponse> {
    return { ban: await this.commands.execute(new BanAccountCommand(p, userId, body)) };
  }

  @Delete('users/:userId/ban')
  @HttpCode(204)
  async lift(@CurrentPrincipal() p: Principal, @UserId() userId: string): Promise<void> {
    await this.commands.execute(new LiftAccountBanCommand(p, userId));
  }

  @Get('moderation-log')
  log(@CurrentPrincipal() p: Principal, @Query() query: ModerationLogDto): Promise<ModerationLogResponse> {
    return this.queries.execute(new TenantModerationLogQuery(p, query));
  }
}
