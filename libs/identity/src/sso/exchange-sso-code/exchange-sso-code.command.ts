import { Command } from '@nestjs/cqrs';
import type { AuthResponse } from '@chat/contracts';
import type { LoginClient } from '../../auth/login-client';

export class ExchangeSsoCodeCommand extends Command<{ auth: AuthResponse; tenantId: string }> {
  constructor(
    readonly code: string,
    readonly client: LoginClient,
  ) {
    super();
  }
}
