import { Command } from '@nestjs/cqrs';
import type { MemberRole } from '@chat/contracts';
import type { Principal } from '@chat/identity';

export class ChangeMemberRoleCommand extends Command<void> {
  constructor(
    readonly principal: Principal,
    readonly conversationId: string,
    readonly userId: string,
    readonly role: MemberRole,
  ) {
    super();
  }
}
