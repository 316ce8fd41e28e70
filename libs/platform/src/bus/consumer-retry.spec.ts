import { isTransientError, retryDelayMs } from './consumer-retry';

describe('retryDelayMs', () => {
  const config = { retryBaseMs: 100, retryMaxMs: 5_000 };

  it('doubles from the base per failed try and stops at the cap', () => {
    const noJitter = () => 0;
    expect([1, 2, 3, 4, 5, 6, 7, 8, 50].map((attempt) => retryDelayMs(attempt, config, noJitter))).toEqual([100, 200, 400, 800, 1_600, 3_200, 5_000, 5_000, 5_000]);
  });

  it('takes at most a quarter off at random, so a group does not come back all at once', () => {
    expect(retryDelayMs(3, config, () => 0.999)).toBe(300);
    expect(retryDelayMs(3, config, () => 0.5)).toBe(350);
    expect(retryDelayMs(20, config, () => 0.999)).toBe(3_751);
  });
});

describe('isTransientError', () => {
  const withCode = (code: string) => Object.assign(new Error(`failed: ${code}`), { code });

  it.each([
    ['a refused connection', withCode('ECONNREFUSED')],
    ['a reset connection', withCode('ECONNRESET')],
    ['Postgres shutting down (57P01)', withCode('57P01')],
    ['Postgres not accepting connections (08006)', withCode('08006')],
    ['too many connections (53300)', withCode('53300')],
    ['a deadlock (40P01)', withCode('40P01')],
    ['a serialization failure (40001)', withCode('40001')],
    ['a TypeORM error around a driver error', Object.assign(new Error('query failed'), { driverError: withCode('57P03') })],
    ['a cause that was a network error', new Error('index write failed', { cause: withCode('ETIMEDOUT') })],
    ['the pg pool timing out', new Error('timeout exceeded when trying to connect')],
    ['a connection that ended mid-query', new Error('Connection terminated unexpectedly')],
    ['Elasticsearch unreachable', Object.assign(new Error('no living connections'), { name: 'NoLivingConnectionsError' })],
    ['Elasticsearch overloaded (429)', Object.assign(new Error('es_rejected_execution_exception'), { meta: { statusCode: 429 } })],
    ['a 503 from an engine', Object.assign(new Error('unavailable'), { statusCode: 503 })],
    ['an error that says so itself', Object.assign(new Error('later'), { transient: true })],
  ])('counts %s as an unavailable engine', (_, err) => {
    expect(isTransientError(err)).toBe(true);
  });

  it.each([
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a constraint violation (23505)', withCode('23505')],
    ['an invalid value (22P02)', withCode('22P02')],
    ['a document Elasticsearch rejects (400)', Object.assign(new Error('mapper_parsing_exception'), { meta: { statusCode: 400 } })],
    ['a thrown string', 'nope'],
    ['nothing', undefined],
  ])('counts %s as the event’s fault', (_, err) => {
    expect(isTransientError(err)).toBe(false);
  });
});
