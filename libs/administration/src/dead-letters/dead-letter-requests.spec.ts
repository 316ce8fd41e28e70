import { ValidationError } from '@chat/platform';
import { parseDeadLetterListQuery, parseReplayRequest } from './dead-letter-requests';

describe('dead letter requests', () => {
  it('lists every group by default, a page of at most the configured limit', () => {
    expect(parseDeadLetterListQuery({}, 200)).toEqual({ group: null, limit: 200 });
    expect(parseDeadLetterListQuery({ group: 'search-indexer', limit: '20' }, 200)).toEqual({ group: 'search-indexer', limit: 20 });
  });

  it.each([
    [{ limit: '0' }, 'limit'],
    [{ limit: '201' }, 'limit'],
    [{ limit: '1.5' }, 'limit'],
    [{ group: 'Search Indexer' }, 'group'],
    [{ group: ['a', 'b'] }, 'group'],
  ])('refuses the list query %j naming %s', (query, field) => {
    expect(() => parseDeadLetterListQuery(query, 200)).toThrow(ValidationError);
    try {
      parseDeadLetterListQuery(query, 200);
    } catch (err) {
      expect((err as ValidationError).details.map((d) => d.field)).toEqual([field]);
    }
  });

  it('replays a whole group, or one event of it', () => {
    expect(parseReplayRequest({ group: 'read-models' })).toEqual({ group: 'read-models', eventId: null });
    const eventId = '01a243f8-2f72-71fa-8ff6-2feec0d440c3';
    expect(parseReplayRequest({ group: 'audit', eventId })).toEqual({ group: 'audit', eventId });
  });

  it.each([
    [null, ['body']],
    [[], ['body']],
    [{}, ['group']],
    [{ group: 'audit', eventId: 'not-a-uuid' }, ['eventId']],
    [{ group: 'audit', everything: true }, ['everything']],
  ])('refuses the replay body %j naming %j', (body, fields) => {
    try {
      parseReplayRequest(body);
      throw new Error('accepted');
    } catch (err) {
      expect(err).toBeInstanceOf(ValidationError);
      expect((err as ValidationError).details.map((d) => d.field)).toEqual(fields);
    }
  });
});
