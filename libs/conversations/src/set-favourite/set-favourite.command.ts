import { Command } from '@nestjs/cqrs';
import type { FavouriteResponse } from '@chat/contracts';
import type { Principal } from '@chat/identity';

export class SetFavouriteCommand extends Command<FavouriteResponse> {
  constructor(
    readonly principal: Principal,
    readonly conversationId: string,
    readonly favourite: boolean,
  ) {
    super();
  }
}
