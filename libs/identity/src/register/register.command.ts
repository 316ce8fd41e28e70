import { Command } from '@nestjs/cqrs';
import type { AuthResponse } from '@chat/contracts';
import type { RegisterDto } from './register.dto';

export class RegisterCommand extends Command<AuthResponse> {
  constructor(
    readonly tenantId: string,
    readonly input: RegisterDto,
  ) {
    super();
  }
}
