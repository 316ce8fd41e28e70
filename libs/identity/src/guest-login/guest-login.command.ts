import { Command } from '@nestjs/cqrs';
import type { AuthResponse } from '@chat/contracts';
import type { LoginClient } from '../auth/login-client';
import type { GuestLoginDto } from './guest-login.dto';

export class GuestLoginCommand extends Command<AuthResponse> {
  constructor(
    readonly tenantId: string,
    readonly input: GuestLoginDto,
    readonly client: LoginClient,
  ) {
    super();
  }
}
