import { ErrorCode } from '@chat/contracts';
import { ValidationError } from '@chat/platform';
import { searchRequest } from './search-request';

const LIMITS = { queryMaxChars: 10, defaultLimit: 20, maxLimit: 50, maxConversations: 100 };

function problemsOf(run: () => unknown): { field: string; problem: string }[] {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).code).toBe(ErrorCode.VALIDATION_FAILED);
    return (err as ValidationError).details;
  }
  throw new Error('expected a ValidationError');
}

describe('searchRequest', () => {
  it('trims the query and takes the default limit', () => {
    expect(searchRequest({ q: '  new notes \n' }, LIMITS)).toEqual({ text: 'new notes', limit: 20, conversationId: null });
    expect(searchRequest({ q: 'x', limit: 50, conversationId: 'c' }, LIMITS)).toEqual({ text: 'x', limit: 50, conversationId: 'c' });
  });

  it('refuses a query of only whitespace', () => {
    expect(problemsOf(() => searchRequest({ q: ' \t ' }, LIMITS))).toEqual([{ field: 'q', problem: 'must contain a word to search for' }]);
  });

  it('counts the query length in characters after trimming, not in UTF-16 units', () => {
    expect(searchRequest({ q: ` ${'🔍'.repeat(10)} ` }, LIMITS).text).toBe('🔍'.repeat(10));
    expect(problemsOf(() => searchRequest({ q: 'a'.repeat(11) }, LIMITS))).toEqual([{ field: 'q', problem: 'must be at most 10 characters' }]);
  });

  it('keeps the limit within 1..maxLimit and reports every problem at once', () => {
    expect(problemsOf(() => searchRequest({ q: '', limit: 0 }, LIMITS))).toEqual([
      { field: 'q', problem: 'must contain a word to search for' },
      { field: 'limit', problem: 'must be an integer in 1..50' },
    ]);
    expect(problemsOf(() => searchRequest({ q: 'x', limit: 51 }, LIMITS))).toEqual([{ field: 'limit', problem: 'must be an integer in 1..50' }]);
  });

  it('refuses text Postgres cannot hold', () => {
    expect(problemsOf(() => searchRequest({ q: 'a\u0000b' }, LIMITS))[0].field).toBe('q');
    expect(problemsOf(() => searchRequest({ q: '\ud800' }, LIMITS))[0].field).toBe('q');
  });

  it('reports text Postgres cannot hold together with the other problems', () => {
    expect(problemsOf(() => searchRequest({ q: 'a\u0000b', limit: 0 }, LIMITS))).toEqual([
      { field: 'q', problem: 'must be well-formed Unicode text without NUL characters' },
      { field: 'limit', problem: 'must be an integer in 1..50' },
    ]);
  });
});
