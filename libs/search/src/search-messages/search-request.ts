import { assertText, ValidationError, type AppConfig } from '@chat/platform';

export interface SearchRequest {
  text: string;
  limit: number;
  conversationId: string | null;
}

/** The checks of GET /v1/search that depend on the configured limits; every problem is reported at once. */
export function searchRequest(raw: { q: string; limit?: number; conversationId?: string }, limits: Pick<AppConfig['search'], 'queryMaxChars' | 'defaultLimit' | 'maxLimit'>): SearchRequest {
  const text = raw.q.trim();
  const problems = textProblems(text);
  const length = [...text].length;
  if (length === 0) problems.push({ field: 'q', problem: 'must contain a word to search for' });
  if (length > limits.queryMaxChars) problems.push({ field: 'q', problem: `must be at most ${limits.queryMaxChars} characters` });
  const limit = raw.limit ?? limits.defaultLimit;
  if (!Number.isInteger(limit) || limit < 1 || limit > limits.maxLimit) problems.push({ field: 'limit', problem: `must be an integer in 1..${limits.maxLimit}` });
  if (problems.length) throw new ValidationError(problems);
  return { text, limit, conversationId: raw.conversationId ?? null };
}

/** assertText's verdict on the query (well-formed Unicode, no NUL), as problems to report with the others rather than alone. */
function textProblems(text: string): { field: string; problem: string }[] {
  try {
    assertText('q', text, Number.MAX_SAFE_INTEGER);
    return [];
  } catch (err) {
    if (err instanceof ValidationError) return [...err.details];
    throw err;
  }
}
