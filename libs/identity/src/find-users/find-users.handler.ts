import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { User } from '@chat/contracts';
import { APP_CONFIG, ValidationError, assertText, pageLimit, type AppConfig } from '@chat/platform';
import { UsersRepository } from '../auth/users.repository';
import { FindUsersQuery } from './find-users.query';

/** People of my tenant by the start of their username or display name, to start a conversation with them (seed 003 req. 2.1). */
@QueryHandler(FindUsersQuery)
export class FindUsersHandler implements IQueryHandler<FindUsersQuery> {
  constructor(
    private readonly users: UsersRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  execute({ principal, request }: FindUsersQuery): Promise<User[]> {
    const { userSearchDefaultLimit, userSearchMaxLimit, usernameMaxChars, displayNameMaxChars } = this.config.limits;
    const limit = pageLimit(request.limit, userSearchDefaultLimit, userSearchMaxLimit);
    const q = request.q.trim();
    if (!q) throw new ValidationError([{ field: 'q', problem: 'must not be blank' }]);
    assertText('q', q, Math.max(usernameMaxChars, displayNameMaxChars));
    return this.users.search(principal.tenantId, q, limit);
  }
}
