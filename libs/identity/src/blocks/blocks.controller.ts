import { Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Put, Query, UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { BlocksResponse } from '@chat/contracts';
import { AccessTokenGuard, CurrentPrincipal } from '../auth/access-token.guard';
import type { Principal } from '../auth/principal';
import { BlockUserCommand, UnblockUserCommand } from './block-user.command';
import { ListBlocksDto } from './list-blocks.dto';
import { ListBlocksQuery } from './list-blocks.query';

/** The people I blocked (see @chat/contracts blocks.ts for what a block stops). */
@ApiTags('auth')
@ApiBearerAuth()
@UseGuards(AccessTokenGuard)
@Controller('v1/me/blocks')
export class BlocksController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The people I blocked, the most recent first (paged by nextCursor)' })
  list(@CurrentPrincipal() p: Principal, @Query() page: ListBlocksDto): Promise<BlocksResponse> {
    return this.queries.execute(new ListBlocksQuery(p, page));
  }

  @Put(':userId')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Block a person of my tenant (idempotent)',
    description:
      'Between us, no new direct conversation, invitation, direct message or reaction in our direct conversation (403 CONTACT_BLOCKED, not saying who blocked; taking back my own reaction stays allowed), and typing there reaches neither of us (acknowledged, not sent; typing started there before the block ends at once). Shared groups and channels are not affected. 400 for myself, 404 USER_NOT_FOUND for nobody here.',
  })
  async block(@CurrentPrincipal() p: Principal, @Param('userId', new ParseUUIDPipe()) userId: string): Promise<void> {
    await this.commands.execute(new BlockUserCommand(p, userId));
  }

  @Delete(':userId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Unblock a person (idempotent)' })
  async unblock(@CurrentPrincipal() p: Principal, @Param('userId', new ParseUUIDPipe()) userId: string): Promise<void> {
    await this.commands.execute(new UnblockUserCommand(p, userId));
  }
}
