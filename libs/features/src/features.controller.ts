import { Body, Controller, Get, Param, Put, UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Audited } from '@chat/audit';
import type { FeatureFlagResponse, FeatureFlagsResponse, MyFeaturesResponse } from '@chat/contracts';
import { AccessTokenGuard, CurrentPrincipal, type Principal } from '@chat/identity';
import { ListFeatureFlagsQuery } from './list-feature-flags/list-feature-flags.query';
import { MyFeaturesQuery } from './my-features/my-features.query';
import { UpdateFeatureFlagDto } from './update-feature-flag/update-feature-flag.dto';
import { UpdateFeatureFlagCommand } from './update-feature-flag/update-feature-flag.command';

/** `GET /v1/admin/features`, `PUT /v1/admin/features/:key`: tenant administrators (ADMIN_USERNAMES) only. */
@ApiTags('features')
@ApiBearerAuth()
@UseGuards(AccessTokenGuard)
@Controller('v1/admin/features')
export class AdminFeaturesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @ApiOperation({ summary: "Every feature flag the code knows, as this tenant has it (administrators only)" })
  list(@CurrentPrincipal() p: Principal): Promise<FeatureFlagsResponse> {
    return this.queries.execute(new ListFeatureFlagsQuery(p));
  }

  @Put(':key')
  // Who changed which flag, and to what: a rollout is an administrator's decision worth tracing.
  @Audited({ action: 'admin.feature.update', detailsOf: (req: Request) => ({ key: req.params.key, enabled: req.body?.enabled, rolloutPercent: req.body?.rolloutPercent }) })
  @ApiOperation({ summary: "Sets a flag's whole state for this tenant: on/off, rollout percentage, per-user overrides (administrators only; 404 FEATURE_NOT_FOUND for an unknown key)" })
  async update(@CurrentPrincipal() p: Principal, @Param('key') key: string, @Body() body: UpdateFeatureFlagDto): Promise<FeatureFlagResponse> {
    return { feature: await this.commands.execute(new UpdateFeatureFlagCommand(p, key, body)) };
  }
}

/** `GET /v1/me/features`: every flag evaluated for the caller. */
@ApiTags('features')
@ApiBearerAuth()
@UseGuards(AccessTokenGuard)
@Controller('v1/me/features')
export class MyFeaturesController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOperation({ summary: 'Every feature flag, evaluated for me (true: on)' })
  mine(@CurrentPrincipal() p: Principal): Promise<MyFeaturesResponse> {
    return this.queries.execute(new MyFeaturesQuery(p));
  }
}
