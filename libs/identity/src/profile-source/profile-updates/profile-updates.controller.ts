import { createHash, timingSafeEqual } from 'node:crypto';
import { Body, Controller, Headers, HttpCode, Inject, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { ErrorCode, type ProfileUpdatesResponse } from '@chat/contracts';
import { DomainError } from '@chat/domain';
import { APP_CONFIG, type AppConfig } from '@chat/platform';
import { ApplyProfileUpdatesCommand } from './apply-profile-updates.command';

/**
 * `POST /v1/internal/profile-updates`: the main service's profile-update notices (@chat/contracts
 * profiles.ts). Not a user's route: the caller proves itself with PROFILE_SOURCE_TOKEN, the token
 * this server sends it. Off (404 PROFILE_SOURCE_NOT_CONFIGURED) without PROFILE_SOURCE_URL.
 */
@ApiTags('internal')
@Controller('v1/internal/profile-updates')
export class ProfileUpdatesController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post()
  @HttpCode(200)
  notify(@Headers('authorization') authorization: string | undefined, @Body() body: unknown): Promise<ProfileUpdatesResponse> {
    const { url, token } = this.config.profileSource;
    if (!url || !token) throw new DomainError(ErrorCode.PROFILE_SOURCE_NOT_CONFIGURED, 'Profiles do not come from a main service on this server', 'Set PROFILE_SOURCE_URL and PROFILE_SOURCE_TOKEN');
    if (!sameSecret(/^Bearer (\S+)$/.exec(authorization ?? '')?.[1] ?? '', token)) {
      throw new DomainError(ErrorCode.UNAUTHENTICATED, 'A profile-update notice needs the service token', 'Send Authorization: Bearer <PROFILE_SOURCE_TOKEN>');
    }
    return this.commands.execute(new ApplyProfileUpdatesCommand(body));
  }
}

/** Compared as SHA-256 digests in constant time, so neither the bytes nor the token's length leak through timing. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}
