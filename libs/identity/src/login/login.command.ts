import { Command } from '@nestjs/cqrs';
import type { AuthResponse } from '@chat/contracts';
import type { LoginDto } from './login.dto';

export class LoginCommand extends Command<AuthResponse> {
  constructor(
    readonly tenantId: string,
    readonly input: LoginDto,
  ) {
    super();
  }
}
