import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ProfileSourceConfig } from '@chat/platform';
import { ProfileSourceClient, ProfileSourceError, type ProfileBatch } from './profile-source.client';

type Handler = (body: { ids: string[] }, req: IncomingMessage, res: ServerResponse) => void;

/** A main service on a loopback port that records what it was asked and answers as `handler` says. */
async function mainService(handler: Handler): Promise<{ url: string; calls: { ids: string[]; authorization?: string; path?: string }[]; server: Server }> {
  const calls: { ids: string[]; authorization?: string; path?: string }[] = [];
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      const body = JSON.parse(raw) as { ids: string[] };
      calls.push({ ids: body.ids, authorization: req.headers.authorization, path: req.url });
      handler(body, req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, calls, server };
}

const json = (res: ServerResponse, status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
const knowsEveryone: Handler = ({ ids }, _req, res) => json(res, 200, { profiles: ids.map((id) => ({ id, name: `Name of ${id}`, avatarUrl: null })) });

async function collect(client: ProfileSourceClient, ids: string[]): Promise<ProfileBatch[]> {
  const batches: ProfileBatch[] = [];
  for await (const batch of client.fetch(ids)) batches.push(batch);
  return batches;
}

describe('ProfileSourceClient', () => {
  const servers: Server[] = [];
  const start = async (handler: Handler) => {
    const service = await mainService(handler);
    servers.push(service.server);
    return service;
  };
  const config = (url: string, overrides: Partial<ProfileSourceConfig> = {}): ProfileSourceConfig => ({ url, token: 'service-token-0123456', cacheTtlMs: 60_000, timeoutMs: 2000, batchMax: 100, refreshIntervalMs: null, avatarOrigins: [], ...overrides });
  afterAll(() => servers.forEach((s) => {
    s.closeAllConnections();
    s.close();
  }));

  it('POSTs /api/batch/profiles with the service token, at most PROFILE_SOURCE_BATCH_MAX ids a call, repeats dropped', async () => {
    const service = await start(knowsEveryone);
    const ids = Array.from({ length: 250 }, (_, i) => `subject-${i}`);
    const batches = await collect(new ProfileSourceClient(config(service.url)), [...ids, 'subject-0', 'subject-249']);
    expect(service.calls.map((c) => c.ids.length)).toEqual([100, 100, 50]);
    expect(service.calls.flatMap((c) => c.ids)).toEqual(ids);
    expect(service.calls.every((c) => c.path === '/api/batch/profiles' && c.authorization === 'Bearer service-token-0123456')).toBe(true);
    expect(batches.map((b) => b.profiles.length)).toEqual([100, 100, 50]);
    expect(batches[2].profiles[0]).toEqual({ id: 'subject-200', name: 'Name of subject-200', avatarUrl: null });

    service.calls.length = 0;
    await collect(new ProfileSourceClient(config(service.url, { batchMax: 1 })), ['a', 'b', 'c']);
    expect(service.calls.map((c) => c.ids)).toEqual([['a'], ['b'], ['c']]);
  });

  it('asks nothing for no ids', async () => {
    const service = await start(knowsEveryone);
    expect(await collect(new ProfileSourceClient(config(service.url)), [])).toEqual([]);
    expect(service.calls).toEqual([]);
  });

  it('leaves out ids it does not know, entries for ids not asked about, and malformed entries', async () => {
    const service = await start((_body, _req, res) =>
      json(res, 200, { profiles: [{ id: 'a', name: 'Ann', avatarUrl: 'https://cdn.example/a.png' }, { id: 'stranger', name: 'Who' }, { id: 'b', name: 42 }, null, { name: 'no id' }] }),
    );
    const [batch] = await collect(new ProfileSourceClient(config(service.url)), ['a', 'b', 'c']);
    expect(batch).toEqual({ ids: ['a', 'b', 'c'], profiles: [{ id: 'a', name: 'Ann', avatarUrl: 'https://cdn.example/a.png' }] });
  });

  it('gives up on a call after PROFILE_SOURCE_TIMEOUT_MS with a timeout error, having handed out the batches before it', async () => {
    let calls = 0;
    const service = await start((body, req, res) => (++calls === 1 ? knowsEveryone(body, req, res) : undefined)); // the second call never answers
    const client = new ProfileSourceClient(config(service.url, { batchMax: 2, timeoutMs: 200 }));
    const handed: ProfileBatch[] = [];
    const started = Date.now();
    const failure = await (async () => {
      for await (const batch of client.fetch(['a', 'b', 'c'])) handed.push(batch);
    })().catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(ProfileSourceError);
    expect(failure).toMatchObject({ reason: 'timeout', message: 'The profile source gave no answer within 200 ms' });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(handed.map((b) => b.ids)).toEqual([['a', 'b']]);
  });

  it('names what went wrong: an error status, an answer without profiles, no JSON, nobody listening', async () => {
    const failing = await start((_body, _req, res) => json(res, 503, { error: 'down' }));
    await expect(collect(new ProfileSourceClient(config(failing.url)), ['a'])).rejects.toMatchObject({ reason: 'status', message: 'The profile source answered HTTP 503' });
    const shapeless = await start((_body, _req, res) => json(res, 200, { people: [] }));
    await expect(collect(new ProfileSourceClient(config(shapeless.url)), ['a'])).rejects.toMatchObject({ reason: 'answer', message: 'The profile source answered without a "profiles" array' });
    const html = await start((_body, _req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>'));
    await expect(collect(new ProfileSourceClient(config(html.url)), ['a'])).rejects.toMatchObject({ reason: 'answer', message: 'The profile source answered something that is not JSON' });
    const closed = await start(knowsEveryone);
    const url = closed.url;
    await new Promise((resolve) => closed.server.close(resolve));
    const unreachable = await collect(new ProfileSourceClient(config(url)), ['a']).catch((err: unknown) => err);
    expect(unreachable).toMatchObject({ reason: 'unreachable' });
    expect((unreachable as Error).cause).toBeDefined();
  });
});
