import { Command } from '@nestjs/cqrs';
import type { AuthResponse } from '@chat/contracts';

export class RefreshCommand extends Command<AuthResponse> {
  constructor(readonly refreshToken: string) {
    super();
  }
}
