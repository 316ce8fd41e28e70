import { Body, Controller, Delete, Headers, HttpCode, Post, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Audited } from '@chat/audit';
import type { MfaEnrolment } from '@chat/contracts';
import { AccessTokenGuard, CurrentPrincipal } from '../auth/access-token.guard';
import { AuthRateLimitGuard } from '../auth/auth-rate-limit.guard';
import type { Principal } from '../auth/principal';
import { ConfirmMfaDto } from './confirm-mfa.dto';
import { ConfirmMfaCommand, DisableMfaCommand, EnrolMfaCommand } from './mfa.commands';
import { MFA_CODE_HEADER } from './second-factor';

/**
 * Two-step login (see @chat/contracts auth.ts MfaEnrolment). Code guesses are rate limited like
 * logins. Each change is audited with no details: the request holds a code and the answer the secret.
 */
@ApiTags('auth')
@ApiBearerAuth()
@UseGuards(AccessTokenGuard)
@Controller('v1/me/mfa')
export class MfaController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Audited({ action: 'auth.mfa.enrol', detailsOf: () => ({}) })
  enrol(@CurrentPrincipal() p: Principal): Promise<MfaEnrolment> {
    return this.commands.execute(new EnrolMfaCommand(p));
  }

  @Post('confirm')
  @HttpCode(204)
  @UseGuards(AuthRateLimitGuard)
  @Audited({ action: 'auth.mfa.confirm', detailsOf: () => ({}) })
  async confirm(@CurrentPrincipal() p: Principal, @Body() body: ConfirmMfaDto): Promise<void> {
    await this.commands.execute(new ConfirmMfaCommand(p, body.code));
  }

  @Delete()
  @HttpCode(204)
  @UseGuards(AuthRateLimitGuard)
  @Audited({ action: 'auth.mfa.disable', detailsOf: () => ({}) })
  async disable(@CurrentPrincipal() p: Principal, @Headers(MFA_CODE_HEADER) code: string | undefined): Promise<void> {
    await this.commands.execute(new DisableMfaCommand(p, code));
  }
}
