import { Body, Controller, Patch, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { PreferencesResponse } from '@chat/contracts';
import { AccessTokenGuard, CurrentPrincipal } from '../auth/access-token.guard';
import type { Principal } from '../auth/principal';
import { UpdatePreferencesCommand } from './update-preferences.command';
import { UpdatePreferencesDto } from './update-preferences.dto';

/** My language and time zone (see @chat/contracts preferences.ts); `GET /v1/me` reads them. */
@ApiTags('auth')
@ApiBearerAuth()
@UseGuards(AccessTokenGuard)
@Controller('v1/me/preferences')
export class PreferencesController {
  constructor(private readonly commands: CommandBus) {}

  @Patch()
  update(@CurrentPrincipal() p: Principal, @Body() body: UpdatePreferencesDto): Promise<PreferencesResponse> {
    return this.commands.execute(new UpdatePreferencesCommand(p, body));
  }
}
