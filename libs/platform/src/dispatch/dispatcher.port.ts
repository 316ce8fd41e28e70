import type { Command, Query } from '@nestjs/cqrs';

/**
 * Where the edge sends commands and queries: this process's CQRS buses (all-in-one), or the
 * command and query apps over an authenticated internal call (split). CommandBus and QueryBus
 * satisfy these as they are.
 */
export interface CommandDispatcher {
  execute<R>(command: Command<R>): Promise<R>;
}

export interface QueryDispatcher {
  execute<R>(query: Query<R>): Promise<R>;
}

export const COMMAND_DISPATCHER = Symbol('COMMAND_DISPATCHER');
export const QUERY_DISPATCHER = Symbol('QUERY_DISPATCHER');
