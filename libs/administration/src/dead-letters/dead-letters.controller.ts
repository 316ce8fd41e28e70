import { Body, Controller, Get, HttpCode, Post, Query, UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Audited } from '@chat/audit';
import type { DeadLettersResponse, ReplayDeadLettersResponse } from '@chat/contracts';
import { AccessTokenGuard, CurrentPrincipal, type Principal } from '@chat/identity';
import { ListDeadLettersQuery } from './list-dead-letters.query';
import { ReplayDeadLettersCommand } from './replay-dead-letters.command';

/** Consumer dead letters (see @chat/contracts dead-letters.ts): platform operators list and replay them. */
@ApiTags('administration')
@ApiBearerAuth()
@UseGuards(AccessTokenGuard)
@Controller('v1/admin/dead-letters')
export class DeadLettersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  list(@CurrentPrincipal() p: Principal, @Query('group') group: unknown, @Query('limit') limit: unknown): Promise<DeadLettersResponse> {
    return this.queries.execute(new ListDeadLettersQuery(p, { group, limit }));
  }

  @Post('replay')
  @HttpCode(200)
  @Audited({
    action: 'admin.dead-letters.replay',
    detailsOf: (req) => ({ group: req.body?.group, eventId: req.body?.eventId }),
    resultDetailsOf: (response) => {
      const { replayed, remaining } = response as ReplayDeadLettersResponse;
      return { replayed, remaining };
    },
  })
  replay(@CurrentPrincipal() p: Principal, @Body() body: unknown): Promise<ReplayDeadLettersResponse> {
    return this.commands.execute(new ReplayDeadLettersCommand(p, body));
  }
}
