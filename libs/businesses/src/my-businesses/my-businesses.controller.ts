import { Controller, Get, UseGuards } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { MyBusinessesResponse } from '@chat/contracts';
import { AccessTokenGuard, CurrentPrincipal, type Principal } from '@chat/identity';
import { MyBusinessesQuery } from './my-businesses.query';

/** `GET /v1/me/businesses`: under /v1/me like my sessions and notification settings, the caller's own things. */
@ApiTags('businesses')
@ApiBearerAuth()
@UseGuards(AccessTokenGuard)
@Controller('v1/me/businesses')
export class MyBusinessesController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  async mine(@CurrentPrincipal() p: Principal): Promise<MyBusinessesResponse> {
    return { businesses: await this.queries.execute(new MyBusinessesQuery(p)) };
  }
}
