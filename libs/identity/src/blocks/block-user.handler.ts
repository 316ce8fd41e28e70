import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { ErrorCode, EventName } from '@chat/contracts';
import { DomainError, assertCanBlock } from '@chat/domain';
import { OutboxWriter } from '@chat/persistence';
import { UsersRepository } from '../auth/users.repository';
import { BlockUserCommand, UnblockUserCommand } from './block-user.command';
import { UserBlocksRepository } from './user-blocks.repository';

/**
 * I block someone of my tenant (again: nothing changes). Myself: 400; nobody here, or a deleted account: 404.
 * A new block commits with its `chat.user.blocked.v1` event, on which the gateways end both people's
 * typing in their direct conversation at once (@chat/realtime), not when a start from before lapses.
 */
@CommandHandler(BlockUserCommand)
export class BlockUserHandler implements ICommandHandler<BlockUserCommand> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersRepository,
    private readonly blocks: UserBlocksRepository,
    private readonly outbox: OutboxWriter,
  ) {}

  async execute({ principal, userId }: BlockUserCommand): Promise<void> {
    const { tenantId } = principal;
    assertCanBlock(principal.userId, userId);
    if (!(await this.users.findActiveById(tenantId, userId))) throw new DomainError(ErrorCode.USER_NOT_FOUND, 'No such user', 'Check the user id');
    await this.dataSource.transaction(async (em) => {
      if (!(await this.blocks.block(em, tenantId, principal.userId, userId))) return;
      const payload = { blockerId: principal.userId, blockedId: userId };
      await this.outbox.append(em, [{ name: EventName.UserBlocked, tenantId, aggregateType: 'user', aggregateId: principal.userId, payload }]);
    });
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
