import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Audited } from '@chat/audit';
import type { SearchResponse } from '@chat/contracts';
import { AccessTokenGuard, CurrentPrincipal, type Principal } from '@chat/identity';
import { SearchMessagesDto } from './search-messages.dto';
import { SearchMessagesQuery } from './search-messages.query';

@ApiTags('search')
@ApiBearerAuth()
@UseGuards(AccessTokenGuard)
@Controller('v1/search')
export class SearchController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOperation({ summary: 'Messages in conversations you belong to and public channels, most relevant first, with highlights' })
  @Audited({ action: 'message.search' })
  search(@CurrentPrincipal() p: Principal, @Query() query: SearchMessagesDto): Promise<SearchResponse> {
    return this.queries.execute(new SearchMessagesQuery(p, query));
  }
}
