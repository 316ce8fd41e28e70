import { Command } from '@nestjs/cqrs';
import type { AuthResponse } from '@chat/contracts';
import type { LoginClient } from '../auth/login-client';
import type { RegisterDto } from './register.dto';

export class RegisterCommand extends Command<AuthResponse> {
  constructor(
    readonly tenantId: string,
    readonly input: RegisterDto,
    readonly client: LoginClient,
  ) {
    super();
  }
}
