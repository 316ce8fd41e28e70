import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { parse as parseYaml } from 'yaml';
import { TEST_ENV, connect, createTestDatabase, eventually, freePort, signUp, startServerProcess, startTestApp, type TestApp, type TestUser } from '@chat/testing';
import { allInOne } from './definition';

describe('operations', () => {
  let server: TestApp;
  beforeAll(async () => {
    server = await startTestApp(allInOne);
  });
  afterAll(() => server.close());

  it('reports liveness and readiness with its dependency checks', async () => {
    await expect((await fetch(`${server.url}/health/live`)).json()).resolves.toEqual({ status: 'ok' });
    const ready = await fetch(`${server.url}/health/ready`);
    expect(ready.status).toBe(200);
    await expect(ready.json()).resolves.toEqual({ status: 'ready', checks: { postgres: 'ok', 'media-storage': 'ok' }, load: { level: 'normal', paused: [], reasons: [] } });
  });

  it('exposes Prometheus metrics for HTTP, sockets, sends and the outbox', async () => {
    const user = await signUp(server.url);
    const { conversation } = await user.api.createConversation({ type: 'channel', name: `metrics-${randomUUID()}` });
    await user.api.sendMessage(conversation.id, { clientMessageId: randomUUID(), body: 'counted' });
    const text = await (await fetch(`${server.url}/metrics`)).text();
    for (const series of ['chat_http_requests_total', 'chat_http_request_duration_seconds', 'chat_socket_connections', 'chat_messages_sent_total', 'chat_outbox_lag_seconds', 'chat_events_published_total', 'process_resident_memory_bytes']) {
      expect(text).toContain(series);
    }
    expect(text).toMatch(/chat_http_requests_total\{method="POST",route="\/v1\/conversations\/:id\/messages",status="201"\} 1/);
  });

  it('times socket events by name and outcome, from handler start to ack', async () => {
    const user = await signUp(server.url);
    const { conversation } = await user.api.createConversation({ type: 'channel', name: `socket-metrics-${randomUUID()}` });
    const socket = await connect(server.url, user.auth.accessToken);
    try {
      const before = await scrape(server.url);
      await socket.request('message.send', { conversationId: conversation.id, clientMessageId: randomUUID(), body: 'timed' });
      await expect(socket.request('message.send', { conversationId: conversation.id, clientMessageId: randomUUID(), body: '' })).rejects.toThrow();
      const after = await scrape(server.url);
      const count = (text: string, outcome: string) => Number(new RegExp(`chat_socket_event_duration_seconds_count\\{event="message.send",outcome="${outcome}"\\} (\\d+)`).exec(text)?.[1] ?? 0);
      expect(count(after, 'ok') - count(before, 'ok')).toBe(1);
      expect(count(after, 'error') - count(before, 'error')).toBe(1);
      expect(after).toMatch(/chat_socket_event_duration_seconds_bucket\{[^}]*le="0\.001"[^}]*\} \d+/);
    } finally {
      socket.close();
    }
  });

  it('exports every series, and every exact label value, the alerting rules of deploy/monitoring name', async () => {
    const user = await signUp(server.url);
    const { conversation } = await user.api.createConversation({ type: 'channel', name: `alerted-${randomUUID()}` });
    const socket = await connect(server.url, user.auth.accessToken);
    try {
      await socket.request('message.send', { conversationId: conversation.id, clientMessageId: randomUUID(), body: 'measured' });
      await user.api.listConversations();
    } finally {
      socket.close();
    }
    const scraped = (await scrape(server.url)).split('\n');
    const { groups } = parseYaml(await readFile(path.resolve(__dirname, '../../../deploy/monitoring/alerts.yml'), 'utf8')) as { groups: { rules: { alert: string; expr: string }[] }[] };
    const rules = groups.flatMap((g) => g.rules);
    expect(rules.length).toBeGreaterThan(5);
    for (const { alert, expr } of rules) {
      for (const [, series, matchers = ''] of expr.matchAll(/\b(chat_\w+)(?:\{([^}]*)\})?/g)) {
        const metric = series.replace(/_(bucket|sum|count)$/, '');
        expect({ alert, exported: scraped.some((line) => line.startsWith(`# TYPE ${metric} `)) }).toEqual({ alert, exported: true });
        for (const [pair] of matchers.matchAll(/\w+="[^"]*"/g)) {
          expect({ alert, pair, seen: scraped.some((line) => line.startsWith(series) && line.includes(pair)) }).toEqual({ alert, pair, seen: true });
        }
      }
    }
  });

  it('answers with security headers, and HSTS when it is served over https', async () => {
    const plain = await fetch(`${server.url}/health/live`);
    expect(plain.headers.get('x-content-type-options')).toBe('nosniff');
    expect(plain.headers.get('referrer-policy')).toBe('no-referrer');
    const host = new URL(server.url).host;
    expect(plain.headers.get('content-security-policy')).toBe(
      `default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; media-src 'self' blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; connect-src 'self' ws://${host} wss://${host}`,
    );
    expect((await fetch(`${server.url}/`)).headers.get('content-security-policy')).toBe(plain.headers.get('content-security-policy'));
    // Swagger UI's page has inline styles; its scripts are still this origin's files only.
    expect((await fetch(`${server.url}/docs`)).headers.get('content-security-policy')).toMatch(/^default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline';.*frame-ancestors 'none'$/);
    expect(plain.headers.get('strict-transport-security')).toBeNull();
    const behindTls = await startTestApp(allInOne, { PUBLIC_URL: 'https://chat.example.org' });
    try {
      expect((await fetch(`${behindTls.url}/`)).headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
    } finally {
      await behindTls.close();
    }
  });

  it('serves the OpenAPI document and its UI', async () => {
    const doc = await (await fetch(`${server.url}/docs-json`)).json();
    expect(doc.openapi).toMatch(/^3\./);
    for (const path of ['/v1/auth/register', '/v1/auth/ws-ticket', '/v1/conversations', '/v1/conversations/{id}/messages', '/v1/conversations/{id}/members/{userId}', '/v1/me/blocks', '/v1/me/blocks/{userId}', '/health/ready']) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
    expect((await fetch(`${server.url}/docs`)).status).toBe(200);
  });

  it('has a schema that matches the entities exactly (migrations did not drift)', async () => {
    const pending = await server.app.get(DataSource).driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('writes each message and its outbox event in the same transaction, then publishes it', async () => {
    const user = await signUp(server.url);
    const { conversation } = await user.api.createConversation({ type: 'channel', name: `outbox-${randomUUID()}` });
    const { message } = await user.api.sendMessage(conversation.id, { clientMessageId: randomUUID(), body: 'event' });
    const ds = server.app.get(DataSource);
    for (let i = 0; i < 50; i++) {
      const rows = await ds.query(`SELECT event_name, published_at, payload->'message'->>'id' AS id FROM outbox WHERE aggregate_id = $1 AND event_name = 'chat.message.sent.v1'`, [conversation.id]);
      if (rows[0]?.published_at) {
        expect(rows).toEqual([expect.objectContaining({ event_name: 'chat.message.sent.v1', id: message.id })]);
        return;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the outbox row was never published');
  });

  it('writes JSON logs that carry the request id and mask ids, and logs socket connects, disconnects, joins and refused handshakes', async () => {
    const env = { ...TEST_ENV, DATABASE_URL: await createTestDatabase(), PORT: String(await freePort()), LOG_LEVEL: 'info' };
    const process = await startServerProcess('all-in-one', env);
    let user: TestUser;
    try {
      await fetch(`${process.url}/v1/conversations`, { headers: { 'x-request-id': 'log-correlation-1' } });
      user = await signUp(process.url, 'logged');
      const { conversation } = await user.api.createConversation({ type: 'channel', name: `logged-${randomUUID().slice(0, 8)}` });
      const socket = await connect(process.url, user.auth.accessToken);
      await socket.request('conversation.join', { conversationId: conversation.id });
      socket.close();
      await expect(connect(process.url, 'not-a-token')).rejects.toBeTruthy();
      await eventually(() => expect(process.output()).toContain('"event":"socket.disconnected"'));
    } finally {
      process.child.kill('SIGTERM');
      await process.exited;
    }
    const entries = process.output().split('\n').filter((l) => l.includes('log-correlation-1')).map((l) => JSON.parse(l));
    expect(entries.length).toBeGreaterThan(0);
    expect(entries[0]).toMatchObject({ requestId: 'log-correlation-1', app: 'all-in-one', level: 30 });
    expect(process.output()).toMatch(/"context":"all-in-one".*"msg":"SIGTERM received: draining connections"/);
    const socketLines = process
      .output()
      .split('\n')
      .filter((l) => l.includes('"event":"socket.'))
      .map((l) => JSON.parse(l));
    expect(socketLines.map((l) => [l.event, l.level])).toEqual([
      ['socket.connected', 30],
      ['socket.joined', 30],
      ['socket.disconnected', 30],
      ['socket.refused', 40],
    ]);
    // Ids masked (LOG_MASK_IDS, on by default): the user's lines carry the last 8 digits of their id, never all of it.
    expect(socketLines[0]).toMatchObject({ userId: `…${user!.id.slice(-8)}` });
    expect(process.output()).not.toContain(user!.id);
    expect(socketLines[2]).toMatchObject({ reason: 'client namespace disconnect' });
    expect(socketLines[3]).toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});

const scrape = async (url: string) => (await fetch(`${url}/metrics`)).text();
