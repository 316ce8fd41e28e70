import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { DeadLettersResponse } from '@chat/contracts';
import { TenantAdmins } from '@chat/identity';
import { DeadLetterRepository } from '@chat/persistence';
import { APP_CONFIG, type AppConfig } from '@chat/platform';
import { parseDeadLetterListQuery } from './dead-letter-requests';
import { ListDeadLettersQuery } from './list-dead-letters.query';

/** The consumer groups' pending dead letters, across all tenants: platform operators only. */
@QueryHandler(ListDeadLettersQuery)
export class ListDeadLettersHandler implements IQueryHandler<ListDeadLettersQuery> {
  constructor(
    private readonly admins: TenantAdmins,
    private readonly deadLetters: DeadLetterRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ principal, query }: ListDeadLettersQuery): Promise<DeadLettersResponse> {
    await this.admins.assertPlatformOperator(principal);
    const { group, limit } = parseDeadLetterListQuery(query, this.config.consumers.listMaxLimit);
    const letters = await this.deadLetters.pending(group, limit + 1);
    return {
      deadLetters: letters.slice(0, limit).map((l) => ({ group: l.group, event: l.event, error: l.error, attempts: l.attempts, firstFailedAt: l.firstFailedAt.toISOString(), lastFailedAt: l.lastFailedAt.toISOString() })),
      hasMore: letters.length > limit,
    };
  }
}
