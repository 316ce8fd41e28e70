import { createServer, type Server } from 'node:net';
import { DatabaseError, Client, Pool } from 'pg';
import { QueryFailedError } from 'typeorm';
import { ErrorCode } from '@chat/contracts';
import { DomainError } from '@chat/domain';
import { logApiError, toApiError } from './api-error';
import { STORAGE_RETRY_AFTER_SECONDS, StorageOutageLog, isStorageUnavailable } from './storage-unavailable';

/** A DatabaseError as node-postgres builds it from the server's ErrorResponse. */
function pgError(code: string, message = 'failed'): DatabaseError {
  const err = new DatabaseError(message, 100, 'error');
  err.code = code;
  err.severity = 'FATAL';
  return err;
}

async function listening(onConnection: (socket: import('node:net').Socket) => void): Promise<{ server: Server; port: number }> {
  const server = createServer(onConnection);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as { port: number }).port };
}

async function connectError(options: ConstructorParameters<typeof Client>[0]): Promise<unknown> {
  const client = new Client(options);
  return client.connect().then(
    () => client.end().then(() => null),
    (err: unknown) => err,
  );
}

describe('isStorageUnavailable and STORAGE_UNAVAILABLE', () => {
  it.each([
    ['08006', 'connection_failure'],
    ['08001', 'sqlclient_unable_to_establish_sqlconnection'],
    ['57P01', 'admin_shutdown: terminating connection due to administrator command'],
    ['57P02', 'crash_shutdown'],
    ['57P03', 'cannot_connect_now: the database system is starting up'],
    ['53100', 'disk_full: could not extend file'],
    ['53200', 'out_of_memory'],
    ['53300', 'too_many_connections: sorry, too many clients already'],
  ])('answers SQLSTATE %s (%s) with 503 STORAGE_UNAVAILABLE and Retry-After, as itself and inside a QueryFailedError', (code, message) => {
    for (const err of [pgError(code, message), new QueryFailedError('INSERT INTO messages …', [], pgError(code, message))]) {
      const { status, body, unexpected } = toApiError(err, 'r1');
      expect(status).toBe(503);
      expect(unexpected).toBe(false);
      expect(body).toMatchObject({ code: ErrorCode.STORAGE_UNAVAILABLE, retryAfterSeconds: STORAGE_RETRY_AFTER_SECONDS, requestId: 'r1' });
      expect(body.message).toMatch(/not saved.*retried/);
      expect(body.message).not.toContain(message);
    }
  });

  it('leaves errors of the statement itself, and bugs, 500 INTERNAL', () => {
    for (const code of ['23505', '42P01', '40001', '57014']) expect(toApiError(new QueryFailedError('q', [], pgError(code)), 'r').body.code).toBe(ErrorCode.INTERNAL);
    expect(toApiError(new Error('Cannot read properties of undefined'), 'r').body.code).toBe(ErrorCode.INTERNAL);
  });

  it.each(['22P02', '22003', '22008', '22021', '22P05'])('answers a value Postgres refuses (SQLSTATE %s, a data exception) 400 VALIDATION_FAILED, logged as ours to validate', (code) => {
    for (const err of [pgError(code), new QueryFailedError('q', [], pgError(code))]) {
      const { status, body, unexpected } = toApiError(err, 'r');
      expect({ status, code: body.code, unexpected }).toEqual({ status: 400, code: ErrorCode.VALIDATION_FAILED, unexpected: true });
      expect(body.message).toMatch(/cannot be stored/);
      expect(body.hint).toBe('Check the numbers, texts and dates sent, then retry');
    }
  });

  it('answers a real refused connection (a closed port) with STORAGE_UNAVAILABLE', async () => {
    const { server, port } = await listening((socket) => socket.destroy());
    await new Promise((resolve) => server.close(resolve));
    const err = await connectError({ host: '127.0.0.1', port, user: 'u', password: 'p', database: 'd' });
    expect(err).toMatchObject({ code: 'ECONNREFUSED' });
    expect(isStorageUnavailable(err)).toBe(true);
    expect(toApiError(err, 'r')).toMatchObject({ status: 503, unexpected: false, body: { code: ErrorCode.STORAGE_UNAVAILABLE } });
  });

  it('answers a connection the server drops ("Connection terminated unexpectedly") and a pool that cannot connect in time', async () => {
    const dropping = await listening((socket) => socket.destroy());
    const held: import('node:net').Socket[] = [];
    const silent = await listening((socket) => void held.push(socket));
    try {
      const dropped = await connectError({ host: '127.0.0.1', port: dropping.port, user: 'u', password: 'p', database: 'd' });
      expect((dropped as Error).message).toMatch(/^Connection terminated/);
      expect(isStorageUnavailable(dropped)).toBe(true);

      const pool = new Pool({ host: '127.0.0.1', port: silent.port, user: 'u', password: 'p', database: 'd', connectionTimeoutMillis: 200 });
      const timedOut = await pool.query('SELECT 1').then(
        () => null,
        (err: unknown) => err,
      );
      await pool.end();
      expect((timedOut as Error).message).toMatch(/timeout|terminated/);
      expect(isStorageUnavailable(timedOut)).toBe(true);
    } finally {
      await new Promise((resolve) => dropping.server.close(resolve));
      held.forEach((socket) => socket.destroy());
      await new Promise((resolve) => silent.server.close(resolve));
    }
  });

  it('follows causes, but not into a failed fetch to another service', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED', syscall: 'connect' });
    expect(isStorageUnavailable(new Error('sending failed', { cause: refused }))).toBe(true);
    expect(isStorageUnavailable(Object.assign(new AggregateError([refused]), { code: undefined }))).toBe(true);
    expect(isStorageUnavailable(new TypeError('fetch failed', { cause: refused }))).toBe(false);
  });

  it('keeps a DomainError with that code (rebuilt from a remote app) as it is', () => {
    const { status, body } = toApiError(new DomainError(ErrorCode.STORAGE_UNAVAILABLE, 'remote said so', 'retry'), 'r');
    expect(status).toBe(503);
    expect(body).toMatchObject({ code: ErrorCode.STORAGE_UNAVAILABLE, message: 'remote said so', retryAfterSeconds: STORAGE_RETRY_AFTER_SECONDS });
  });

  it('logs an outage once at error, then at most once per 30 s with the failures in between, not once per request', () => {
    let now = 1_000_000;
    const outage = new StorageOutageLog('down', () => now);
    const lines: Record<string, unknown>[] = [];
    const logger = { error: (fields: Record<string, unknown>) => void lines.push(fields) };
    const err = pgError('57P01');
    for (let i = 0; i < 100; i++) {
      outage.note(logger, err);
      now += 100;
    }
    expect(lines).toEqual([expect.objectContaining({ event: 'storage.unavailable', err, failuresSinceLastLine: 0 })]);
    now += 30_000;
    outage.note(logger, err);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatchObject({ failuresSinceLastLine: 99 });
  });

  it('logApiError logs an unexpected error each time and a storage failure through the outage log only', () => {
    const lines: unknown[] = [];
    const logger = { error: (fields: unknown) => void lines.push(fields) };
    const bug = new Error('bug');
    logApiError(logger, toApiError(bug, 'r'), bug, { event: 'message.send' }, 'failed');
    logApiError(logger, toApiError(bug, 'r'), bug, { event: 'message.send' }, 'failed');
    expect(lines).toEqual([{ err: bug, event: 'message.send' }, { err: bug, event: 'message.send' }]);
    const down = pgError('57P03');
    for (let i = 0; i < 5; i++) logApiError(logger, toApiError(down, 'r'), down, {}, 'failed');
    expect(lines.length).toBeLessThanOrEqual(3);
  });
});
