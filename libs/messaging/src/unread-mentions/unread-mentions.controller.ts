import { Controller, Get, Param, ParseUUIDPipe, Query, UseGuards } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { UnreadMentionsResponse } from '@chat/contracts';
import { AccessTokenGuard, CurrentPrincipal, type Principal } from '@chat/identity';
import { UnreadMentionsDto } from './unread-mentions.dto';
import { UnreadMentionsQuery } from './unread-mentions.query';

/** Extension of v1: my unread messages that address me, for a client's "jump to the next mention". */
@ApiTags('messages')
@ApiBearerAuth()
@UseGuards(AccessTokenGuard)
@Controller('v1/conversations/:id/mentions')
export class UnreadMentionsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  list(@CurrentPrincipal() p: Principal, @Param('id', new ParseUUIDPipe()) id: string, @Query() query: UnreadMentionsDto): Promise<UnreadMentionsResponse> {
    return this.queries.execute(new UnreadMentionsQuery(p, id, query.limit, query.after));
  }
}
