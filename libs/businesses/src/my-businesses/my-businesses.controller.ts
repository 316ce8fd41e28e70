import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { MyBusinessesResponse } from '@chat/contracts';
import { RequiresFeature } from '@chat/features';
import { AccessTokenGuard, CurrentPrincipal, type Principal } from '@chat/identity';
import { MyBusinessesDto } from './my-businesses.dto';
import { MyBusinessesQuery } from './my-businesses.query';

/** `GET /v1/me/businesses`: under /v1/me like my sessions and notification settings, the caller's own things. */
@ApiTags('businesses')
@ApiBearerAuth()
@RequiresFeature('businesses')
@UseGuards(AccessTokenGuard)
@Controller('v1/me/businesses')
export class MyBusinessesController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  mine(@CurrentPrincipal() p: Principal, @Query() page: MyBusinessesDto): Promise<MyBusinessesResponse> {
    return this.queries.execute(new MyBusinessesQuery(p, page));
  }
}
