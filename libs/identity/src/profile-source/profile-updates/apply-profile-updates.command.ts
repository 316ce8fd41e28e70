import { Command } from '@nestjs/cqrs';
import type { ProfileUpdatesResponse } from '@chat/contracts';

/** The main service says these subjects' profiles changed (body unchecked: the handler validates it). */
export class ApplyProfileUpdatesCommand extends Command<ProfileUpdatesResponse> {
  constructor(readonly body: unknown) {
    super();
  }
}
