import { Body, Controller, Delete, Get, Headers, HttpCode, Req, Res, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Audited } from '@chat/audit';
import { AccessTokenGuard, AuthRateLimitGuard, CurrentPrincipal, MFA_CODE_HEADER, type Principal } from '@chat/identity';
import { DeleteAccountCommand } from './delete-account/delete-account.command';
import { DeleteAccountDto } from './delete-account/delete-account.dto';
import { AccountExport } from './export-data/account-export';

/** The account holder's data: its export and the account's deletion. See @chat/privacy's README. */
@ApiTags('privacy')
@ApiBearerAuth()
@UseGuards(AccessTokenGuard)
@Controller('v1/me')
export class PrivacyController {
  constructor(
    private readonly commands: CommandBus,
    private readonly accountExport: AccountExport,
  ) {}

  @Delete()
  @HttpCode(204)
  @UseGuards(AuthRateLimitGuard)
  @Audited({ action: 'account.delete', detailsOf: () => ({}) })
  async delete(@CurrentPrincipal() p: Principal, @Body() body: DeleteAccountDto, @Headers(MFA_CODE_HEADER) mfaCode: string | undefined, @Req() req: Request): Promise<void> {
    await this.commands.execute(new DeleteAccountCommand(p, body.password, mfaCode, req.ip ?? null));
  }

  @Get('export')
  @Audited({ action: 'account.export', detailsOf: () => ({}) })
  async export(@CurrentPrincipal() p: Principal, @Res() res: Response): Promise<void> {
    res.status(200);
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="chat-export-${p.userId}.json"`);
    res.setHeader('Cache-Control', 'no-store');
    try {
      await this.accountExport.writeTo(res, p);
      res.end();
    } catch (err) {
      // The status line is out: a half-written export can only be cut off, so the client sees an incomplete download, never a valid-looking file.
      res.destroy(err as Error);
      throw err;
    }
  }
}
