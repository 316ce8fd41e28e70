import { Command } from '@nestjs/cqrs';
import type { Business } from '@chat/contracts';
import type { Principal } from '@chat/identity';
import type { UpdateBusinessDto } from '../create-business/business.dto';

export class UpdateBusinessCommand extends Command<Business> {
  constructor(
    readonly principal: Principal,
    readonly businessId: string,
    readonly input: UpdateBusinessDto,
  ) {
    super();
  }
}
