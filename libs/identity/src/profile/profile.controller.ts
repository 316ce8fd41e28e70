import { Body, Controller, Patch, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { ProfileResponse } from '@chat/contracts';
import { AccessTokenGuard, CurrentPrincipal } from '../auth/access-token.guard';
import type { Principal } from '../auth/principal';
import { UpdateProfileCommand } from './update-profile.command';
import { UpdateProfileDto } from './update-profile.dto';

/** How I am shown to others (see @chat/contracts auth.ts); `GET /v1/me` reads it. */
@ApiTags('auth')
@ApiBearerAuth()
@UseGuards(AccessTokenGuard)
@Controller('v1/me')
export class ProfileController {
  constructor(private readonly commands: CommandBus) {}

  @Patch()
  update(@CurrentPrincipal() p: Principal, @Body() body: UpdateProfileDto): Promise<ProfileResponse> {
    return this.commands.execute(new UpdateProfileCommand(p, body));
  }
}
