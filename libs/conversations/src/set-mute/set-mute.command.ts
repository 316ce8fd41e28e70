import { Command } from '@nestjs/cqrs';
import type { MuteResponse } from '@chat/contracts';
import type { Principal } from '@chat/identity';

export class SetMuteCommand extends Command<MuteResponse> {
  constructor(
    readonly principal: Principal,
    readonly conversationId: string,
    readonly muted: boolean,
  ) {
    super();
  }
}
