import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ErrorCode, type User } from '@chat/contracts';
import { DomainError } from '@chat/domain';
import { UsersRepository, toUser } from '../auth/users.repository';
import { MeQuery } from './me.query';

@QueryHandler(MeQuery)
export class MeHandler implements IQueryHandler<MeQuery> {
  constructor(private readonly users: UsersRepository) {}

  async execute({ principal }: MeQuery): Promise<User> {
    const user = await this.users.findById(principal.tenantId, principal.userId);
    if (!user) throw new DomainError(ErrorCode.TOKEN_REVOKED, 'This account no longer exists');
    return toUser(user);
  }
}
