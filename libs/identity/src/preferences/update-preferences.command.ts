import { Command } from '@nestjs/cqrs';
import type { PreferencesResponse, UpdatePreferencesRequest } from '@chat/contracts';
import type { Principal } from '../auth/principal';

export class UpdatePreferencesCommand extends Command<PreferencesResponse> {
  constructor(
    readonly principal: Principal,
    readonly changes: UpdatePreferencesRequest,
  ) {
    super();
  }
}
