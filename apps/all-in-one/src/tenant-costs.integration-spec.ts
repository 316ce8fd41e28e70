import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { DEFAULT_TENANT_ID } from '@chat/contracts';
import { CostDriftJob } from '@chat/administration';
import { TenantUsageRepository, UsageFlusher, UsageMeter, utcDay } from '@chat/tenancy';
import { ChatApi, RealtimeClient } from '@chat/sdk';
import { connect, controlClock, eventually, record, signUp, startTestApp, uniqueName, whileLocked, type TestApp, type TestClock, type TestUser } from '@chat/testing';
import { allInOne } from './definition';

const password = 'password-123';
const GB = 1024 ** 3;
const DAY_MS = 86_400_000;
/** Prices that make each cost read as its usage: 1 per connection-second, per byte sent, per byte kept a day. */
const PRICES = { COST_CURRENCY: 'EUR', COST_PER_CONNECTION_HOUR: '3600', COST_PER_GB_EGRESS: String(GB), COST_PER_GB_MONTH_STORAGE: String(30 * GB) };

interface Tenant {
  id: string;
  slug: string;
  admin: ChatApi;
  member: TestUser;
}

/**
 * A socket whose received engine.io packets are summed as the server meters them (type digit plus
 * UTF-8 data, the engine.io handshake aside), so the server's count can be checked to the byte.
 */
async function meteredClient(url: string, token: string) {
  const client = new RealtimeClient({ url, token, socket: { reconnection: false } });
  let received = 0;
  client.socket.io.engine.on('packet', (packet: { type: string; data?: unknown }) => {
    if (packet.type === 'open') return;
    received += typeof packet.data === 'string' ? 1 + Buffer.byteLength(packet.data) : packet.data ? (packet.data as Buffer).byteLength : 1;
  });
  await client.connected();
  return { client, received: () => received };
}

/** Seed 003 R19.3: per-tenant infrastructure costs for WebSockets, storage and egress, and automated drift reports. */
describe('tenant usage metering and cost reports', () => {
  let server: TestApp;
  let operator: ChatApi;
  let acme: Tenant;
  let globex: Tenant;
  let clock: TestClock;
  const operatorName = uniqueName('operator');
  const flush = () => server.app.get(UsageFlusher).flush();
  const today = () => utcDay(clock.now());

  async function createTenant(prefix: string): Promise<Tenant> {
    const slug = `${prefix}-${randomUUID().slice(0, 8)}`;
    const { tenant } = await operator.createTenant({ slug, name: prefix, admin: { username: 'boss', displayName: 'Boss', password } });
    const admin = new ChatApi({ baseUrl: server.url, tenant: slug });
    await admin.login('boss', password);
    return { id: tenant.id, slug, admin, member: await signUp(server.url, 'member', slug) };
  }

  beforeAll(async () => {
    server = await startTestApp(allInOne, {
      TENANCY_MODE: 'multi',
      ADMIN_USERNAMES: operatorName,
      MEDIA_MIN_FREE_BYTES: '0',
      // Flushed by the tests, so each count is read when the test says.
      USAGE_FLUSH_SECONDS: '3600',
      COST_REPORT_MAX_DAYS: '31',
      COST_DRIFT_WINDOW_DAYS: '3',
      COST_DRIFT_RATIO: '2',
      ...PRICES,
    });
    operator = new ChatApi({ baseUrl: server.url });
    await operator.register(operatorName, 'Operator', password);
    [acme, globex] = [await createTenant('acme'), await createTenant('globex')];
    clock = controlClock(server.app);
  });
  afterAll(async () => {
    clock?.release();
    await server?.close();
  });

  it('meters each tenant its own sockets: connection time and every byte written to them, none of the other tenant', async () => {
    const { conversation } = await acme.member.api.createConversation({ type: 'channel', name: `metered-${randomUUID().slice(0, 8)}` });
    const g = await meteredClient(server.url, globex.member.auth.accessToken);
    clock.advance(30_000);
    const a = await meteredClient(server.url, acme.member.auth.accessToken);
    try {
      await a.client.request('conversation.join', { conversationId: conversation.id });
      const frames = record(a.client, 'message.created');
      const body = 'ünïcode payload '.repeat(100);
      for (let i = 0; i < 5; i++) await acme.member.api.sendMessage(conversation.id, { clientMessageId: randomUUID(), body });
      await frames.waitFor(5);
      clock.advance(60_000);
      // Flushed again until what the clients got is in: frames (presence, acks) may still be on the way. The clock stands still meanwhile.
      const [acmeCosts, globexCosts] = await eventually(async () => {
        await flush();
        const costs = await Promise.all([acme.admin.tenantCosts({ from: today(), to: today() }), globex.admin.tenantCosts({ from: today(), to: today() })]);
        expect(costs.map((c) => c.usage.socketEgressBytes)).toEqual([a.received(), g.received()]);
        return costs;
      });
      expect(acmeCosts).toMatchObject({ tenantId: acme.id, slug: acme.slug, usage: { connectionSeconds: 60, mediaEgressBytes: 0 } });
      expect(acmeCosts.usage.socketEgressBytes).toBeGreaterThan(5 * Buffer.byteLength(body));
      expect(globexCosts).toMatchObject({ tenantId: globex.id, usage: { connectionSeconds: 90, mediaEgressBytes: 0 } });
      expect(globexCosts.usage.socketEgressBytes).toBeLessThan(Buffer.byteLength(body));

      // A closed socket stops counting; the open one goes on, and the second flush adds to the first.
      a.client.close();
      await eventually(() => expect(server.app.get(UsageMeter).openSockets).toBe(1));
      clock.advance(10_000);
      await flush();
      expect((await acme.admin.tenantCosts({ from: today(), to: today() })).usage.connectionSeconds).toBe(60);
      expect((await globex.admin.tenantCosts({ from: today(), to: today() })).usage.connectionSeconds).toBe(100);
    } finally {
      a.client.close();
      g.client.close();
    }
  });

  it('meters media bytes served to the tenant that owns the file, whole downloads and ranges alike', async () => {
    const file = Buffer.from('x'.repeat(5000));
    const { media } = await acme.member.api.uploadMedia(file, { name: 'notes.txt', contentType: 'text/plain' });
    const before = (await acme.admin.tenantCosts({ from: today(), to: today() })).usage.mediaEgressBytes;
    const url = acme.member.api.mediaUrl(media.url);
    for (let i = 0; i < 2; i++) expect((await (await fetch(url)).arrayBuffer()).byteLength).toBe(5000);
    const ranged = await fetch(url, { headers: { range: 'bytes=100-199' } });
    expect(ranged.status).toBe(206);
    expect((await ranged.arrayBuffer()).byteLength).toBe(100);
    expect((await fetch(url, { method: 'HEAD' })).status).toBe(200);
    await flush();
    expect((await acme.admin.tenantCosts({ from: today(), to: today() })).usage.mediaEgressBytes - before).toBe(10_100);
    expect((await globex.admin.tenantCosts({ from: today(), to: today() })).usage.mediaEgressBytes).toBe(0);
  });

  it('adds flushes of several nodes at once without losing any', async () => {
    const usage = server.app.get(TenantUsageRepository);
    const day = '2020-02-03';
    await Promise.all(
      Array.from({ length: 20 }, () =>
        usage.add(
          day,
          new Map([
            [acme.id, { connectionMs: 1_500, socketEgressBytes: 10, mediaEgressBytes: 1 }],
            [globex.id, { connectionMs: 500, socketEgressBytes: 3, mediaEgressBytes: 0 }],
          ]),
        ),
      ),
    );
    const rows = await server.app.get(DataSource).query(`SELECT tenant_id AS "tenantId", connection_ms::int AS ms, socket_egress_bytes::int AS socket, media_egress_bytes::int AS media FROM tenant_usage_daily WHERE day = $1 ORDER BY ms DESC`, [day]);
    expect(rows).toEqual([
      { tenantId: acme.id, ms: 30_000, socket: 200, media: 20 },
      { tenantId: globex.id, ms: 10_000, socket: 60, media: 0 },
    ]);
  });

  it('prices every tenant for operators, most expensive first, with storage from the daily snapshot', async () => {
    const job = server.app.get(CostDriftJob);
    expect((await job.run()).ran).toBe(true);
    const report = await operator.costReport({ from: today(), to: today() });
    expect(report.prices).toEqual({ currency: 'EUR', perConnectionHour: 3600, perGbEgress: GB, perGbMonthStorage: 30 * GB });
    const line = (id: string) => report.tenants.find((t) => t.tenantId === id)!;
    const acmeLine = line(acme.id);
    // The snapshot: acme keeps its upload and its messages; globex keeps nothing.
    expect(acmeLine.usage.mediaStorageByteDays).toBe(5000);
    expect(acmeLine.usage.messageStorageByteDays).toBeGreaterThan(0);
    expect(line(globex.id).usage).toMatchObject({ messageStorageByteDays: 0, mediaStorageByteDays: 0 });
    for (const { usage, cost } of report.tenants) {
      expect(cost.connections).toBeCloseTo(usage.connectionSeconds, 6);
      expect(cost.socketEgress).toBeCloseTo(usage.socketEgressBytes, 6);
      expect(cost.mediaEgress).toBeCloseTo(usage.mediaEgressBytes, 6);
      expect(cost.storage).toBeCloseTo(usage.messageStorageByteDays + usage.mediaStorageByteDays, 6);
      expect(cost.total).toBeCloseTo(cost.connections + cost.socketEgress + cost.mediaEgress + cost.storage, 6);
    }
    expect(report.tenants.map((t) => t.cost.total)).toEqual([...report.tenants.map((t) => t.cost.total)].sort((x, y) => y - x));
    expect(report.tenants[0].tenantId).toBe(acme.id);
    expect(report.total.total).toBeCloseTo(report.tenants.reduce((sum, t) => sum + t.cost.total, 0), 6);
    // The tenant's own view is its line of the operators' report.
    expect(await acme.admin.tenantCosts({ from: today(), to: today() })).toMatchObject({ usage: acmeLine.usage, cost: acmeLine.cost, prices: report.prices });
    // A day range only sums its days: the flushes filed on 2020-02-03 are not today's.
    expect(line(acme.id).usage.connectionSeconds).toBe(60);
    expect((await operator.costReport({ from: '2020-02-01', to: '2020-02-29' })).tenants.find((t) => t.tenantId === acme.id)!.usage).toMatchObject({ connectionSeconds: 30, socketEgressBytes: 200, mediaEgressBytes: 20 });
  });

  it('refuses bad ranges with VALIDATION_FAILED naming the field', async () => {
    const refusal = (range: { from: string; to: string }) => acme.admin.tenantCosts(range).then(() => null, (e) => ({ status: e.status, code: e.body.code, fields: e.body.details.map((d: { field: string }) => d.field) }));
    expect(await refusal({ from: 'yesterday', to: '2026-01-01' })).toEqual({ status: 400, code: 'VALIDATION_FAILED', fields: ['from'] });
    expect(await refusal({ from: '2026-02-01', to: '2026-02-30' })).toEqual({ status: 400, code: 'VALIDATION_FAILED', fields: ['to'] });
    expect(await refusal({ from: '2026-01-05', to: '2026-01-04' })).toEqual({ status: 400, code: 'VALIDATION_FAILED', fields: ['to'] });
    // COST_REPORT_MAX_DAYS is 31 here: both ends count.
    expect(await refusal({ from: '2026-01-01', to: '2026-02-01' })).toEqual({ status: 400, code: 'VALIDATION_FAILED', fields: ['to'] });
    expect(await refusal({ from: '2026-01-01', to: '2026-01-31' })).toBeNull();
    await expect(operator.request('GET', '/v1/admin/cost-report')).rejects.toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED', details: [{ field: 'from' }, { field: 'to' }] } });
  });

  it('shows a tenant administrator only their own tenant, and the operators report to operators only', async () => {
    const range = { from: today(), to: today() };
    await expect(acme.admin.costReport(range)).rejects.toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    await expect(acme.member.api.tenantCosts(range)).rejects.toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    await expect(acme.member.api.costReport(range)).rejects.toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    await expect(new ChatApi({ baseUrl: server.url }).tenantCosts(range)).rejects.toMatchObject({ status: 401 });
    // Nothing in the request names a tenant: each administrator gets their own, whatever they add.
    const own = await acme.admin.request<{ tenantId: string }>('GET', `/v1/tenant/costs?from=${range.from}&to=${range.to}&tenantId=${globex.id}`);
    expect(own.data.tenantId).toBe(acme.id);
  });

  it('flags a tenant whose last day cost jumped against its trailing average: in the reports and the gauge', async () => {
    const initech = await createTenant('initech');
    const usage = server.app.get(TenantUsageRepository);
    // Judged: the last complete day once the clock moves a day on, i.e. today. Before it, 1000 a day.
    const judged = today();
    const dayBefore = (n: number) => utcDay(Date.parse(judged) - n * DAY_MS);
    for (const day of [dayBefore(3), dayBefore(2), dayBefore(1)]) {
      await usage.add(day, new Map([[initech.id, { connectionMs: 0, socketEgressBytes: 1000, mediaEgressBytes: 0 }], [globex.id, { connectionMs: 0, socketEgressBytes: 100_000, mediaEgressBytes: 0 }]]));
    }
    await usage.add(judged, new Map([[initech.id, { connectionMs: 0, socketEgressBytes: 5000, mediaEgressBytes: 0 }]]));
    clock.advance(DAY_MS);

    // Another replica holding the job's lock: this one skips.
    const skipped = await whileLocked(server.databaseUrl, `SELECT pg_advisory_xact_lock(hashtext('tenant-cost-drift'))`, [], () => server.app.get(CostDriftJob).run());
    expect(skipped).toEqual({ ran: false, day: judged, flagged: [] });

    const run = await server.app.get(CostDriftJob).run();
    expect(run).toEqual({ ran: true, day: judged, flagged: [{ tenantId: initech.id, cost: 5000, baseline: 1000, ratio: 5 }] });
    const report = await operator.costReport({ from: dayBefore(3), to: judged });
    expect(report.drift).toEqual([{ tenantId: initech.id, day: judged, cost: 5000, baseline: 1000, ratio: 5, detectedAt: expect.any(String) }]);
    expect((await initech.admin.tenantCosts({ from: judged, to: judged })).drift).toHaveLength(1);
    expect((await acme.admin.tenantCosts({ from: judged, to: judged })).drift).toEqual([]);
    expect(await (await fetch(`${server.url}/metrics`)).text()).toMatch(/^chat_tenant_cost_drift_tenants 1$/m);

    // Judged again with initech back to normal, the finding goes.
    await server.app.get(DataSource).query(`UPDATE tenant_usage_daily SET socket_egress_bytes = 1500 WHERE tenant_id = $1 AND day = $2`, [initech.id, judged]);
    expect((await server.app.get(CostDriftJob).run()).flagged).toEqual([]);
    expect((await operator.costReport({ from: judged, to: judged })).drift).toEqual([]);
    expect(await (await fetch(`${server.url}/metrics`)).text()).toMatch(/^chat_tenant_cost_drift_tenants 0$/m);
  });
});

describe('usage metering flushes', () => {
  it('every USAGE_FLUSH_SECONDS on its own', async () => {
    const server = await startTestApp(allInOne, { USAGE_FLUSH_SECONDS: '1' });
    try {
      const user = await signUp(server.url);
      const socket = await connect(server.url, user.auth.accessToken);
      try {
        const rows = await eventually(async () => {
          const found = await server.app.get(DataSource).query(`SELECT socket_egress_bytes::int AS bytes FROM tenant_usage_daily WHERE tenant_id = $1`, [DEFAULT_TENANT_ID]);
          expect(found).toHaveLength(1);
          return found;
        });
        expect(rows[0].bytes).toBeGreaterThan(0);
      } finally {
        socket.close();
      }
    } finally {
      await server.close();
    }
  });


  it('at shutdown, with what the open sockets used, before the database closes', async () => {
    const server = await startTestApp(allInOne, { USAGE_FLUSH_SECONDS: '3600' });
    let socket: RealtimeClient | undefined;
    try {
      const user = await signUp(server.url);
      const clock = controlClock(server.app);
      socket = (await meteredClient(server.url, user.auth.accessToken)).client;
      clock.advance(42_000);
      await server.close();
    } finally {
      socket?.close();
    }
    const db = new Client({ connectionString: server.databaseUrl });
    await db.connect();
    try {
      const { rows } = await db.query(`SELECT connection_ms::int AS ms, socket_egress_bytes::int AS bytes FROM tenant_usage_daily WHERE tenant_id = $1`, [DEFAULT_TENANT_ID]);
      expect(rows).toEqual([{ ms: 42_000, bytes: expect.any(Number) }]);
      expect(rows[0].bytes).toBeGreaterThan(0);
    } finally {
      await db.end();
    }
  });
});
