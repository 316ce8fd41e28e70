import { Command } from '@nestjs/cqrs';
import type { AccountBan, AccountBanRequest } from '@chat/contracts';
import type { Principal } from '@chat/identity';

export class BanAccountCommand extends Command<AccountBan> {
  constructor(
    readonly principal: Principal,
    readonly userId: string,
    readonly request: AccountBanRequest,
  ) {
    super();
  }
}
