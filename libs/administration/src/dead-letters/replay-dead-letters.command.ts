import { Command } from '@nestjs/cqrs';
import type { ReplayDeadLettersResponse } from '@chat/contracts';
import type { Principal } from '@chat/identity';

/** POST /v1/admin/dead-letters/replay {group, eventId?}: a platform operator replays dead letters to their group (the body is checked by the handler). */
export class ReplayDeadLettersCommand extends Command<ReplayDeadLettersResponse> {
  constructor(
    readonly principal: Principal,
    readonly body: unknown,
  ) {
    super();
  }
}
