import { Command } from '@nestjs/cqrs';
import type { ProfileResponse, UpdateProfileRequest } from '@chat/contracts';
import type { Principal } from '../auth/principal';

export class UpdateProfileCommand extends Command<ProfileResponse> {
  constructor(
    readonly principal: Principal,
    readonly changes: UpdateProfileRequest,
  ) {
    super();
  }
}
