import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { BanResponse, BansResponse, ModerationLogResponse } from '@chat/contracts';
import { AccessTokenGuard, CurrentPrincipal, type Principal } from '@chat/identity';
import { BanMemberCommand } from '../ban-member/ban-member.command';
import { BanMemberDto } from '../ban-member/ban-member.dto';
import { LiftBanCommand } from '../lift-ban/lift-ban.command';
import { ListBansDto } from '../list-bans/list-bans.dto';
import { ListBansQuery } from '../list-bans/list-bans.query';
import { ModerationLogDto } from '../moderation-log/moderation-log.dto';
import { ModerationLogQuery } from '../moderation-log/moderation-log.query';

const Id = (name = 'id') => Param(name, new ParseUUIDPipe());

/** Bans and the moderation log of a conversation (see @chat/contracts moderation.ts). */
@ApiTags('moderation')
@ApiBearerAuth()
@UseGuards(AccessTokenGuard)
@Controller('v1/conversations')
export class ModerationController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post(':id/bans')
  async ban(@CurrentPrincipal() p: Principal, @Id() id: string, @Body() body: BanMemberDto): Promise<BanResponse> {
    return { ban: await this.commands.execute(new BanMemberCommand(p, id, body)) };
  }

  @Get(':id/bans')
  bans(@CurrentPrincipal() p: Principal, @Id() id: string, @Query() query: ListBansDto): Promise<BansResponse> {
    return this.queries.execute(new ListBansQuery(p, id, query));
  }

  @Delete(':id/bans/:userId')
  @HttpCode(204)
  async lift(@CurrentPrincipal() p: Principal, @Id() id: string, @Id('userId') userId: string): Promise<void> {
    await this.commands.execute(new LiftBanCommand(p, id, userId));
  }

  @Get(':id/moderation-log')
  log(@CurrentPrincipal() p: Principal, @Id() id: string, @Query() query: ModerationLogDto): Promise<ModerationLogResponse> {
    return this.queries.execute(new ModerationLogQuery(p, id, query));
  }
}
