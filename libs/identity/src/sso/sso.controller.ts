import { Body, Controller, Get, HttpCode, Inject, Logger, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Audited } from '@chat/audit';
import { ErrorCode, SSO_CODE_PARAM, SSO_ERROR_PARAM, type AuthResponse, type SsoInfo } from '@chat/contracts';
import { APP_CONFIG, type AppConfig } from '@chat/platform';
import { AuthRateLimitGuard } from '../auth/auth-rate-limit.guard';
import { loginClientOf } from '../auth/login-client';
import { ExchangeSsoCodeCommand } from './exchange-sso-code/exchange-sso-code.command';
import { ExchangeSsoCodeDto } from './exchange-sso-code/exchange-sso-code.dto';
import { withQueryParam } from './return-to';
import { SsoCallbackCommand } from './sso-callback/sso-callback.command';
import { StartSsoCommand } from './start-sso/start-sso.command';

const BASE_PATH = '/v1/auth/sso';
/** Binds a started login to the browser that started it (login CSRF): the callback's state must equal it. */
const STATE_COOKIE = 'chat_sso_state';
const KNOWN_CODES = new Set<string>(Object.values(ErrorCode));

type AuditedRequest = Request & { tenantId?: string };

@ApiTags('auth')
@Controller('v1/auth/sso')
export class SsoController {
  private readonly logger = new Logger(SsoController.name);

  constructor(
    private readonly commands: CommandBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Public: whether this server offers SSO, and the provider's name for the login button. */
  @Get()
  info(): SsoInfo {
    const enabled = this.config.sso.issuerUrl !== null;
    return { enabled, displayName: enabled ? this.config.sso.displayName : null, startPath: enabled ? `${BASE_PATH}/start` : null };
  }

  /** Public, a browser navigation: redirects to the identity provider's login. */
  @Get('start')
  @UseGuards(AuthRateLimitGuard)
  @ApiQuery({ name: 'tenant', required: false, description: 'The tenant slug to log into (absent: the default tenant, unless the provider names one)' })
  @ApiQuery({ name: 'returnTo', required: false, description: 'A path on this site to land on afterwards (default `/`)' })
  async start(@Query('tenant') tenant: unknown, @Query('returnTo') returnTo: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const started = await this.commands.execute(new StartSsoCommand(text(tenant) ?? undefined, text(returnTo) ?? undefined));
    res.cookie(STATE_COOKIE, started.state, { httpOnly: true, sameSite: 'lax', secure: req.secure, path: `${BASE_PATH}/callback`, maxAge: this.config.sso.stateTtlSeconds * 1000 });
    res.redirect(302, started.authorizationUrl);
  }

  /**
   * Public, where the identity provider sends the browser back. Never answers with an error body:
   * the browser lands in the web app with `sso_code` (exchange it) or `sso_error` (a code).
   */
  @Get('callback')
  async callback(@Query() query: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    res.clearCookie(STATE_COOKIE, { path: `${BASE_PATH}/callback` });
    try {
      const answer = { state: text(query.state), code: text(query.code), error: text(query.error) };
      const done = await this.commands.execute(new SsoCallbackCommand(answer, cookieValue(req, STATE_COOKIE)));
      res.redirect(302, withQueryParam(done.returnTo, SSO_CODE_PARAM, done.loginCode));
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      const known = typeof code === 'string' && KNOWN_CODES.has(code) ? code : ErrorCode.INTERNAL;
      this.logger.warn({ event: 'sso.callback.failed', code: known, err }, 'SSO login failed');
      res.redirect(302, withQueryParam('/', SSO_ERROR_PARAM, known));
    }
  }

  /** Public: the web client's one-time login code for the usual token pair. */
  @Post('exchange')
  @HttpCode(200)
  @UseGuards(AuthRateLimitGuard)
  @Audited({ action: 'auth.login', actorOf: (response) => (response as AuthResponse | undefined)?.user?.id, detailsOf: () => ({ method: 'sso' }) })
  async exchange(@Body() body: ExchangeSsoCodeDto, @Req() req: AuditedRequest): Promise<AuthResponse> {
    const { auth, tenantId } = await this.commands.execute(new ExchangeSsoCodeCommand(body.code, loginClientOf(req, body.deviceKey)));
    req.tenantId = tenantId; // the audit entry is filed in the tenant logged into
    return auth;
  }
}

/** A single query value as text (repeated or nested parameters are not). */
function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function cookieValue(req: Request, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) {
      try {
        return decodeURIComponent(part.slice(at + 1).trim());
      } catch {
        return null;
      }
    }
  }
  return null;
}
