import { Body, Controller, Delete, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Query, Req, UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Audited } from '@chat/audit';
import { DEVICE_PROOF_HEADER, type AuthResponse, type MeResponse, type SessionsResponse, type UsersResponse, type WsTicketResponse } from '@chat/contracts';
import { requestOriginOf } from '@chat/platform';
import { AccessTokenGuard, CurrentPrincipal } from './auth/access-token.guard';
import { AuthRateLimitGuard } from './auth/auth-rate-limit.guard';
import { loginClientOf } from './auth/login-client';
import type { Principal } from './auth/principal';
import { FindUsersDto } from './find-users/find-users.dto';
import { FindUsersQuery } from './find-users/find-users.query';
import { GuestLoginCommand } from './guest-login/guest-login.command';
import { GuestLoginDto } from './guest-login/guest-login.dto';
import { LoginCommand } from './login/login.command';
import { LoginDto } from './login/login.dto';
import { MFA_CODE_HEADER } from './mfa/second-factor';
import { LogoutCommand } from './logout/logout.command';
import { MeQuery } from './me/me.query';
import { RefreshCommand } from './refresh/refresh.command';
import { RefreshDto } from './refresh/refresh.dto';
import { RegisterCommand } from './register/register.command';
import { RegisterDto } from './register/register.dto';
import { RevokeSessionCommand } from './sessions/revoke-session.command';
import { ListSessionsQuery } from './sessions/sessions.query';
import { LoginTenant, LoginTenantGuard } from './tenants/login-tenant.guard';
import { IssueWsTicketCommand } from './ws-ticket/ws-ticket.command';
import { WsTicketDto } from './ws-ticket/ws-ticket.dto';

@ApiTags('auth')
@Controller('v1')
export class AuthController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('auth/register')
  @UseGuards(AuthRateLimitGuard, LoginTenantGuard)
  @Audited({ action: 'auth.register', actorOf: loggedIn, detailsOf: usernameTried })
  register(@Body() body: RegisterDto, @LoginTenant() tenantId: string, @Req() req: Request): Promise<AuthResponse> {
    return this.commands.execute(new RegisterCommand(tenantId, body, loginClientOf(req, body.deviceKey)));
  }

  @Post('auth/login')
  @HttpCode(200)
  @UseGuards(AuthRateLimitGuard, LoginTenantGuard)
  @Audited({ action: 'auth.login', actorOf: loggedIn, detailsOf: usernameTried })
  login(@Body() body: LoginDto, @LoginTenant() tenantId: string, @Req() req: Request): Promise<AuthResponse> {
    return this.commands.execute(new LoginCommand(tenantId, body, loginClientOf(req, body.deviceKey)));
  }

  @Post('auth/guest')
  @HttpCode(200)
  @UseGuards(AuthRateLimitGuard, LoginTenantGuard)
  @Audited({ action: 'auth.guest', actorOf: loggedIn, detailsOf: () => ({}) })
  guest(@Body() body: GuestLoginDto, @LoginTenant() tenantId: string, @Req() req: Request): Promise<AuthResponse> {
    return this.commands.execute(new GuestLoginCommand(tenantId, body, loginClientOf(req, body.deviceKey)));
  }

  @Post('auth/refresh')
  @HttpCode(200)
  @UseGuards(AuthRateLimitGuard)
  @Audited({ action: 'auth.refresh', actorOf: loggedIn, detailsOf: () => ({}) })
  refresh(@Body() body: RefreshDto, @Headers(DEVICE_PROOF_HEADER) deviceProof: string | undefined): Promise<AuthResponse> {
    return this.commands.execute(new RefreshCommand(body.refreshToken, deviceProof));
  }

  @Post('auth/logout')
  @HttpCode(204)
  @ApiBearerAuth()
  @UseGuards(AccessTokenGuard)
  @Audited({ action: 'auth.logout', detailsOf: sessionCalledWith })
  async logout(@CurrentPrincipal() principal: Principal): Promise<void> {
    await this.commands.execute(new LogoutCommand(principal));
  }

  @Post('auth/ws-ticket')
  @HttpCode(200)
  @ApiBearerAuth()
  @UseGuards(AccessTokenGuard)
  @Audited({ action: 'auth.ws-ticket', detailsOf: ticketScopeAsked })
  wsTicket(@CurrentPrincipal() principal: Principal, @Body() body: WsTicketDto, @Req() req: Request): Promise<WsTicketResponse> {
    return this.commands.execute(new IssueWsTicketCommand(principal, requestOriginOf(req), body.conversationIds));
  }

  @Get('me/sessions')
  @ApiBearerAuth()
  @UseGuards(AccessTokenGuard)
  async sessions(@CurrentPrincipal() principal: Principal): Promise<SessionsResponse> {
    return { sessions: await this.queries.execute(new ListSessionsQuery(principal)) };
  }

  @Delete('me/sessions/:id')
  @HttpCode(204)
  @ApiBearerAuth()
  @UseGuards(AccessTokenGuard, AuthRateLimitGuard)
  @Audited({ action: 'auth.session.revoke', conversationOf: () => undefined, detailsOf: (req) => ({ sessionId: req.params.id }) })
  async revokeSession(@CurrentPrincipal() principal: Principal, @Param('id', new ParseUUIDPipe()) id: string, @Headers(MFA_CODE_HEADER) mfaCode: string | undefined): Promise<void> {
    await this.commands.execute(new RevokeSessionCommand(principal, id, mfaCode));
  }

  @Get('users')
  @ApiBearerAuth()
  @UseGuards(AccessTokenGuard)
  async findUsers(@CurrentPrincipal() principal: Principal, @Query() query: FindUsersDto): Promise<UsersResponse> {
    return { users: await this.queries.execute(new FindUsersQuery(principal, query)) };
  }

  @Get('me')
  @ApiBearerAuth()
  @UseGuards(AccessTokenGuard)
  me(@CurrentPrincipal() principal: Principal): Promise<MeResponse> {
    return this.queries.execute(new MeQuery(principal));
  }
}

/** The user a login's response is for: the actor of a login route, which has no principal yet. */
function loggedIn(response: unknown): string | undefined {
  return (response as AuthResponse | undefined)?.user?.id;
}

/** The username a login or registration tried (never the password), so failed attempts say whose. */
function usernameTried(req: Request): Record<string, unknown> {
  const username: unknown = req.body?.username;
  return typeof username === 'string' ? { username } : {};
}

/** The login a logout ends: the one it is called with (AccessTokenGuard put its principal on the request). */
function sessionCalledWith(req: Request): Record<string, unknown> {
  return { sessionId: (req as Request & { principal?: Principal }).principal?.sessionId };
}

/** The conversations a socket ticket was asked for (seed 000 FR-010: who got real-time access to what); bounded, since a refused request is audited too. */
function ticketScopeAsked(req: Request): Record<string, unknown> {
  const ids: unknown = req.body?.conversationIds;
  return Array.isArray(ids) ? { conversationIds: ids.slice(0, 100) } : {};
}
