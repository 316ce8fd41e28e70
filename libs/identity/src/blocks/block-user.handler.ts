import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ErrorCode } from '@chat/contracts';
import { DomainError, assertCanBlock } from '@chat/domain';
import { UsersRepository } from '../auth/users.repository';
import { BlockUserCommand, UnblockUserCommand } from './block-user.command';
import { UserBlocksRepository } from './user-blocks.repository';

/** I block someone of my tenant (again: nothing changes). Myself: 400; nobody here, or a deleted account: 404. */
@CommandHandler(BlockUserCommand)
export class BlockUserHandler implements ICommandHandler<BlockUserCommand> {
  constructor(
    private readonly users: UsersRepository,
    private readonly blocks: UserBlocksRepository,
  ) {}

  async execute({ principal, userId }: BlockUserCommand): Promise<void> {
    const { tenantId } = principal;
    assertCanBlock(principal.userId, userId);
    if (!(await this.users.findActiveById(tenantId, userId))) throw new DomainError(ErrorCode.USER_NOT_FOUND, 'No such user', 'Check the user id');
    await this.blocks.block(tenantId, principal.userId, userId);
  }
}

/** I unblock someone; unblocking someone I had not blocked changes nothing. */
@CommandHandler(UnblockUserCommand)
export class UnblockUserHandler implements ICommandHandler<UnblockUserCommand> {
  constructor(private readonly blocks: UserBlocksRepository) {}

  async execute({ principal, userId }: UnblockUserCommand): Promise<void> {
    await this.blocks.unblock(principal.tenantId, principal.userId, userId);
  }
}
