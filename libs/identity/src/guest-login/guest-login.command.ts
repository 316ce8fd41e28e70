import { Command } from '@nestjs/cqrs';
import type { AuthResponse } from '@chat/contracts';
import type { GuestLoginDto } from './guest-login.dto';

export class GuestLoginCommand extends Command<AuthResponse> {
  constructor(
    readonly tenantId: string,
    readonly input: GuestLoginDto,
  ) {
    super();
  }
}
