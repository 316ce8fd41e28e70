import { Body, Controller, Get, Inject, Patch, Post, Req, UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Audited } from '@chat/audit';
import type { CreateTenantResponse, TenancyInfo, TenantResponse } from '@chat/contracts';
import { APP_CONFIG, type AppConfig } from '@chat/platform';
import { AccessTokenGuard, CurrentPrincipal, bearerToken } from '../auth/access-token.guard';
import { AuthRateLimitGuard } from '../auth/auth-rate-limit.guard';
import { Authenticator } from '../auth/authenticator';
import { loginClientOf } from '../auth/login-client';
import type { Principal } from '../auth/principal';
import { CreateTenantCommand } from './create-tenant/create-tenant.command';
import { CreateTenantDto } from './create-tenant/create-tenant.dto';
import { TenantQuery } from './tenant.query';
import { UpdateTenantCommand } from './update-tenant/update-tenant.command';
import { UpdateTenantDto } from './update-tenant/update-tenant.dto';

@ApiTags('tenants')
@Controller('v1')
export class TenantsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly authenticator: Authenticator,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Public: whether a client should ask which tenant (X-Tenant) to log into. */
  @Get('tenancy')
  tenancy(): TenancyInfo {
    return { mode: this.config.tenancy.mode, selfService: this.config.tenancy.selfService };
  }

  @Post('tenants')
  @UseGuards(AuthRateLimitGuard)
  @Audited({ action: 'tenant.create', actorOf: (response) => (response as CreateTenantResponse | undefined)?.auth.user.id, detailsOf: (req) => ({ slug: req.body?.slug }) })
  async create(@Body() body: CreateTenantDto, @Req() req: Request): Promise<CreateTenantResponse> {
    const token = bearerToken(req.headers);
    const caller = token ? await this.authenticator.fromAccessToken(token) : null;
    return this.commands.execute(new CreateTenantCommand(body, caller, loginClientOf(req, body.admin.deviceKey)));
  }

  @Get('tenant')
  @ApiBearerAuth()
  @UseGuards(AccessTokenGuard)
  tenant(@CurrentPrincipal() principal: Principal): Promise<TenantResponse> {
    return this.queries.execute(new TenantQuery(principal));
  }

  /** The tenant's administrators: who may join by themselves (registration, guests). */
  @Patch('tenant')
  @ApiBearerAuth()
  @UseGuards(AccessTokenGuard)
  @Audited({ action: 'tenant.update', detailsOf: (req) => ({ openRegistration: req.body?.openRegistration, guestsAllowed: req.body?.guestsAllowed }) })
  update(@CurrentPrincipal() principal: Principal, @Body() body: UpdateTenantDto): Promise<TenantResponse> {
    return this.commands.execute(new UpdateTenantCommand(principal, body));
  }
}
