import { Command } from '@nestjs/cqrs';
import type { Business } from '@chat/contracts';
import type { Principal } from '@chat/identity';
import type { CreateBusinessDto } from './business.dto';

export class CreateBusinessCommand extends Command<Business> {
  constructor(
    readonly principal: Principal,
    readonly input: CreateBusinessDto,
  ) {
    super();
  }
}
