import { Command } from '@nestjs/cqrs';
import type { Principal } from '../auth/principal';

export class LogoutCommand extends Command<void> {
  constructor(readonly principal: Principal) {
    super();
  }
}
