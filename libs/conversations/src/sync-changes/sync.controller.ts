import { Controller, Get, Inject, Query, UseGuards } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Audited } from '@chat/audit';
import type { SyncResponse } from '@chat/contracts';
import { AccessTokenGuard, CurrentPrincipal, type Principal } from '@chat/identity';
import { APP_CONFIG, pageLimit, type AppConfig } from '@chat/platform';
import { SyncChangesDto } from './sync-changes.dto';
import { SyncChangesQuery } from './sync-changes.query';

@ApiTags('sync')
@ApiBearerAuth()
@UseGuards(AccessTokenGuard)
@Controller('v1/sync')
export class SyncController {
  constructor(
    private readonly queries: QueryBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @Audited({ action: 'sync.read' })
  sync(@CurrentPrincipal() p: Principal, @Query() query: SyncChangesDto): Promise<SyncResponse> {
    const { defaultLimit, maxLimit } = this.config.sync;
    return this.queries.execute(new SyncChangesQuery(p, query.since, pageLimit(query.limit, defaultLimit, maxLimit)));
  }
}
