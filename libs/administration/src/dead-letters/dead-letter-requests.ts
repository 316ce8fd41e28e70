import { ValidationError } from '@chat/platform';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Consumer group names as the code spells them (`read-models`, `search-indexer`, …). */
const GROUP = /^[a-z0-9][a-z0-9._-]{0,99}$/;

/** `?group=&limit=` of GET /v1/admin/dead-letters: an optional group, a page of 1..maxLimit (default maxLimit). */
export function parseDeadLetterListQuery(query: { group?: unknown; limit?: unknown }, maxLimit: number): { group: string | null; limit: number } {
  const problems: { field: string; problem: string }[] = [];
  const group = query.group === undefined || query.group === '' ? null : query.group;
  if (group !== null && (typeof group !== 'string' || !GROUP.test(group))) problems.push({ field: 'group', problem: 'must be a consumer group name (lowercase letters, digits, . _ -)' });
  let limit = maxLimit;
  if (query.limit !== undefined && query.limit !== '') {
    limit = Number(query.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > maxLimit) problems.push({ field: 'limit', problem: `must be an integer in 1..${maxLimit}` });
  }
  if (problems.length) throw new ValidationError(problems);
  return { group: group as string | null, limit };
}

/** The body of POST /v1/admin/dead-letters/replay: `{group, eventId?}`. */
export function parseReplayRequest(body: unknown): { group: string; eventId: string | null } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ValidationError([{ field: 'body', problem: 'must be an object {group, eventId?}' }]);
  const { group, eventId, ...rest } = body as Record<string, unknown>;
  const problems = Object.keys(rest).map((field) => ({ field, problem: 'is not a field of a replay (group, eventId)' }));
  if (typeof group !== 'string' || !GROUP.test(group)) problems.push({ field: 'group', problem: 'must be a consumer group name (lowercase letters, digits, . _ -)' });
  if (eventId !== undefined && eventId !== null && (typeof eventId !== 'string' || !UUID.test(eventId))) problems.push({ field: 'eventId', problem: 'must be an event id (UUID)' });
  if (problems.length) throw new ValidationError(problems);
  return { group: group as string, eventId: (eventId as string | undefined) ?? null };
}
