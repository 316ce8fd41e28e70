import type { ModerationLogQuery } from '@chat/contracts';
import { assertText, pageLimit, type AppConfig } from '@chat/platform';
import { SEARCH_TERM_MAX_CHARS } from './moderation-log.dto';

/** A log request's page size (MODERATION_LOG_DEFAULT_LIMIT, at most MODERATION_LOG_MAX_LIMIT) and its filter, checked and trimmed. */
export function logPage(filter: ModerationLogQuery, limits: AppConfig['limits']): { filter: ModerationLogQuery; limit: number } {
  const limit = pageLimit(filter.limit, limits.moderationLogDefaultLimit, limits.moderationLogMaxLimit);
  assertText('q', filter.q, SEARCH_TERM_MAX_CHARS);
  return { filter: { ...filter, q: filter.q?.trim() || undefined }, limit };
}
