import { Command } from '@nestjs/cqrs';
import type { AuthResponse } from '@chat/contracts';
import type { LoginClient } from '../auth/login-client';
import type { LoginDto } from './login.dto';

export class LoginCommand extends Command<AuthResponse> {
  constructor(
    readonly tenantId: string,
    readonly input: LoginDto,
    readonly client: LoginClient,
  ) {
    super();
  }
}
