import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Audited } from '@chat/audit';
import type { SyncResponse } from '@chat/contracts';
import { AccessTokenGuard, CurrentPrincipal, type Principal } from '@chat/identity';
import { SYNC_DEFAULT_LIMIT, SyncChangesDto } from './sync-changes.dto';
import { SyncChangesQuery } from './sync-changes.query';

@ApiTags('sync')
@ApiBearerAuth()
@UseGuards(AccessTokenGuard)
@Controller('v1/sync')
export class SyncController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Audited({ action: 'sync.read' })
  sync(@CurrentPrincipal() p: Principal, @Query() query: SyncChangesDto): Promise<SyncResponse> {
    return this.queries.execute(new SyncChangesQuery(p, query.since, query.limit ?? SYNC_DEFAULT_LIMIT));
  }
}
