import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import type { CostRangeQuery, TenantCostsResponse } from '@chat/contracts';
import { CostDriftJob } from '@chat/administration';
import { TenantUsageRepository, UsageFlusher, UsageMeter, utcDay } from '@chat/tenancy';
import { ChatApi } from '@chat/sdk';
import { controlClock, eventually, signUp, startAll, startTestApp, uniqueName, type TestApp } from '@chat/testing';
import { logIn, register, webClientScene } from './web-client-harness';
import { allInOne } from './definition';

const password = 'password-123';
const GB = 1024 ** 3;
const DAY_MS = 86_400_000;
/** Prices that make each cost read as its usage: 1 euro per connection-second, per byte sent, per byte kept a day. */
const PRICES = { COST_CURRENCY: 'EUR', COST_PER_CONNECTION_HOUR: '3600', COST_PER_GB_EGRESS: String(GB), COST_PER_GB_MONTH_STORAGE: String(30 * GB) };
const COST_PATHS = /\/v1\/(tenant\/costs|admin\/cost-report)\?/;

/** The dialog's default period, "this month so far", in UTC days as the server counts them. */
function thisMonth(now = Date.now()): CostRangeQuery {
  const today = utcDay(now);
  return { from: `${today.slice(0, 8)}01`, to: today };
}

/** How the page (en-US) writes an amount of euros: the client must show the server's number, not its own. */
const euros = (page: Page, amount: number) => page.evaluate((n) => new Intl.NumberFormat('en-US', { style: 'currency', currency: 'EUR' }).format(n), amount);
const cell = (page: Page, category: string, column: 2 | 3) => page.locator(`#organization-costs tr[data-category="${category}"] td:nth-of-type(${column - 1})`);

/** The browser logs each refused request, such as a refused period's 400: takes the page's problems, less those. */
const unexpected = (problems: string[], status: number) => problems.splice(0).filter((p) => !p.includes(`status of ${status}`));

async function openCosts(page: Page): Promise<void> {
  await page.click('#organization-button');
  await page.locator('#organization-costs tr[data-category="connections"]').waitFor();
}

/** Seed 003 R19.3 in the browser: an organization's costs for its administrators, every organization's for platform operators. */
describe('web client: costs in the Organization dialog', () => {
  let server: TestApp;
  let unpriced: TestApp;
  let operator: ChatApi;
  const operatorName = uniqueName('operator');
  const keeperName = uniqueName('keeper');

  async function createTenant(prefix: string): Promise<{ id: string; slug: string; admin: ChatApi }> {
    const slug = `${prefix}-${randomUUID().slice(0, 8)}`;
    const { tenant } = await operator.createTenant({ slug, name: prefix, admin: { username: 'boss', displayName: 'Boss', password } });
    const admin = new ChatApi({ baseUrl: server.url, tenant: slug });
    await admin.login('boss', password);
    return { id: tenant.id, slug, admin };
  }

  const people = webClientScene({
    start: (own) =>
      startAll([
        startTestApp(allInOne, { TENANCY_MODE: 'multi', ADMIN_USERNAMES: operatorName, MEDIA_MIN_FREE_BYTES: '0', USAGE_FLUSH_SECONDS: '3600', COST_DRIFT_WINDOW_DAYS: '3', COST_DRIFT_RATIO: '2', ...PRICES }).then((s) => (server = own(s))),
        // No price sheet (the default), and a short longest range, so a period can be refused.
        startTestApp(allInOne, { ADMIN_USERNAMES: keeperName, COST_REPORT_MAX_DAYS: '29' }).then((s) => (unpriced = own(s))),
      ]),
    ready: async () => {
      operator = new ChatApi({ baseUrl: server.url });
      await operator.register(operatorName, 'Operator', password);
    },
  });

  it("shows a tenant administrator the organization's use and its cost from the configured prices; a member gets no costs", async () => {
    const acme = await createTenant('acme');
    const member = await signUp(server.url, 'member', acme.slug);
    const admin = await people.person(`${server.url}/?tenant=${acme.slug}`);
    const costRequests: string[] = [];
    admin.page.on('request', (r) => void (COST_PATHS.test(r.url()) && costRequests.push(new URL(r.url()).pathname)));
    await logIn(admin.page, 'boss');

    const colleague = await people.person(`${server.url}/?tenant=${acme.slug}`);
    colleague.page.on('request', (r) => void (COST_PATHS.test(r.url()) && costRequests.push(`member ${new URL(r.url()).pathname}`)));
    await logIn(colleague.page, member.auth.user.username);
    await eventually(() => expect(server.app.get(UsageMeter).openSockets).toBeGreaterThanOrEqual(2));

    // A download of one of the organization's files: media egress, to the byte.
    const { media } = await member.api.uploadMedia(Buffer.from('x'.repeat(5000)), { name: 'notes.txt', contentType: 'text/plain' });
    expect((await (await fetch(member.api.mediaUrl(media.url))).arrayBuffer()).byteLength).toBe(5000);
    // Storage is the drift job's daily snapshot; the counts reach the database at a flush.
    await server.app.get(CostDriftJob).run();
    await server.app.get(UsageFlusher).flush();

    const { page, problems } = admin;
    await openCosts(page);
    await page.locator('#organization-costs tr[data-category="total"]').waitFor();
    const costs: TenantCostsResponse = await acme.admin.tenantCosts(thisMonth());
    const { usage, cost } = costs;
    expect(usage.connectionSeconds).toBeGreaterThan(0);
    expect(usage.socketEgressBytes).toBeGreaterThan(0);
    expect(usage.mediaEgressBytes).toBe(5000);
    expect(usage.mediaStorageByteDays).toBe(5000);
    // The server priced what it metered with the configured prices (each euro a unit of use here).
    expect(cost.total).toBeCloseTo(usage.connectionSeconds + usage.socketEgressBytes + usage.mediaEgressBytes + usage.messageStorageByteDays + usage.mediaStorageByteDays, 4);

    // Use in human units, each cost and the total in euros.
    expect(await cell(page, 'mediaEgress', 2).textContent()).toBe('4.9 kB');
    expect(await cell(page, 'connections', 2).textContent()).toMatch(/^0\.\d+ hours$/);
    expect(await cell(page, 'socketEgress', 2).textContent()).toMatch(/^[\d.,]+ (bytes|kB|MB)$/);
    expect(await cell(page, 'storage', 2).textContent()).toMatch(/ for a month$/);
    for (const category of ['connections', 'socketEgress', 'mediaEgress', 'storage'] as const) {
      expect(await cell(page, category, 3).textContent()).toBe(await euros(page, cost[category]));
    }
    expect(await cell(page, 'total', 3).textContent()).toBe(await euros(page, cost.total));
    expect(await cell(page, 'total', 3).textContent()).toMatch(/^€[1-9]/);
    expect(await page.textContent('#organization-costs-prices')).toBe(`Prices: ${await euros(page, 3600)} per connection hour, ${await euros(page, GB)} per GB sent, ${await euros(page, 30 * GB)} per GB kept for a month.`);
    expect(await page.locator('#organization-costs-unpriced').isHidden()).toBe(true);
    expect(await page.locator('#organization-costs-drift li').count()).toBe(0);

    // Not an operator (an administrator of another organization than the server's own): the report is not even asked for.
    expect(await page.locator('#organization-cost-report').isHidden()).toBe(true);
    await page.selectOption('#organization-costs-period', 'lastMonth');
    await page.locator('#organization-costs tr[data-category="connections"] td', { hasText: /^0 hours$/ }).waitFor();
    expect(await cell(page, 'mediaEgress', 2).textContent()).toBe('0 bytes');
    expect(costRequests).toEqual(['/v1/tenant/costs', '/v1/tenant/costs']);
    expect(problems).toEqual([]);

    // The member: no Organization button, and the page never asks for costs.
    expect(await colleague.page.locator('#organization-button').isHidden()).toBe(true);
    await expect(member.api.tenantCosts(thisMonth())).rejects.toMatchObject({ status: 403 });
    expect(costRequests.filter((r) => r.startsWith('member'))).toEqual([]);
  });

  it('tells an administrator on what day the cost drifted and how many times its usual it was', async () => {
    const initech = await createTenant('initech');
    const usage = server.app.get(TenantUsageRepository);
    const judged = utcDay(Date.now());
    for (const n of [3, 2, 1]) await usage.add(utcDay(Date.parse(judged) - n * DAY_MS), new Map([[initech.id, { connectionMs: 0, socketEgressBytes: 1000, mediaEgressBytes: 0 }]]));
    await usage.add(judged, new Map([[initech.id, { connectionMs: 0, socketEgressBytes: 5000, mediaEgressBytes: 0 }]]));
    // The job judges the last complete day: today, once the server's clock has moved a day on.
    const clock = controlClock(server.app);
    try {
      clock.advance(DAY_MS);
      expect((await server.app.get(CostDriftJob).run()).flagged).toEqual([{ tenantId: initech.id, cost: 5000, baseline: 1000, ratio: 5 }]);
    } finally {
      clock.release();
    }

    const { page } = await people.person(`${server.url}/?tenant=${initech.slug}`);
    await logIn(page, 'boss');
    await openCosts(page);
    const notice = page.locator('#organization-costs-drift li');
    await notice.waitFor();
    const day = await page.evaluate((d) => new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(Date.parse(`${d}T00:00:00Z`)), judged);
    expect(await notice.textContent()).toBe(`Cost drift on ${day}: ${await euros(page, 5000)}, 5 times its usual ${await euros(page, 1000)} a day.`);
    expect(await notice.getAttribute('data-day')).toBe(judged);
  });

  it('shows platform operators every organization, most expensive first, with its drift', async () => {
    const { page } = await people.person(server.url);
    await logIn(page, operatorName);
    await openCosts(page);
    const rows = page.locator('#organization-cost-report-rows tr');
    await rows.first().waitFor();
    const report = await operator.costReport(thisMonth());
    const shown = await rows.evaluateAll((trs) => trs.map((tr) => ({ slug: tr.getAttribute('data-tenant'), total: Number(tr.querySelector('[data-total]')!.getAttribute('data-total')), drift: tr.hasAttribute('data-drift') })));
    expect(shown.map((r) => r.slug)).toEqual(report.tenants.map((t) => t.slug));
    expect(shown.map((r) => r.total)).toEqual([...shown.map((r) => r.total)].sort((a, b) => b - a));
    expect(shown[0].total).toBeGreaterThan(shown[shown.length - 1].total);
    const drifting = report.drift.map((d) => report.tenants.find((t) => t.tenantId === d.tenantId)!.slug);
    expect(drifting).toHaveLength(1);
    expect(shown.filter((r) => r.drift).map((r) => r.slug)).toEqual(drifting);
    const flagged = page.locator(`#organization-cost-report-rows tr[data-tenant="${drifting[0]}"] td:last-child`);
    expect(await flagged.textContent()).toMatch(/: 5× usual$/);
    // The acme line: its total in euros, each category's use in its tooltip.
    const acme = report.tenants.find((t) => t.slug.startsWith('acme-'))!;
    const acmeRow = page.locator(`#organization-cost-report-rows tr[data-tenant="${acme.slug}"]`);
    expect(await acmeRow.locator('td[data-total]').textContent()).toBe(await euros(page, acme.cost.total));
    expect(await acmeRow.locator('td').nth(2).getAttribute('title')).toBe('4.9 kB');
  });

  it('says when the server has no price sheet instead of showing a bill of 0.00, and shows its refusal of a period too long', async () => {
    // The page lives on the 10th of this month (or earlier): "this month so far" is then within COST_REPORT_MAX_DAYS (29).
    const now = new Date();
    const tenth = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 10, 12);
    const { page, problems } = await people.person(unpriced.url, async (p) => {
      if (now.getTime() > tenth) await p.clock.setFixedTime(tenth);
    });
    await register(page, keeperName, 'Keeper');
    await openCosts(page);
    const note = page.locator('#organization-costs-unpriced');
    await note.waitFor();
    expect(await note.textContent()).toBe('This server has no price sheet yet: use is measured, but not priced.');
    expect(await page.locator('#organization-costs-head th').allTextContents()).toEqual(['What', 'Used']);
    expect(await page.locator('#organization-costs tr[data-category="total"]').count()).toBe(0);
    expect(await page.textContent('#organization-costs')).not.toContain('0.00');
    expect(await page.textContent('#organization-costs-prices')).toBe('');
    // The operators' table (this server's own administrators are its operators) shows use, not prices.
    await page.locator('#organization-cost-report-rows tr').first().waitFor();
    expect(await page.textContent('#organization-cost-report-rows')).not.toContain('0.00');

    const status = page.locator('#organization-costs-status');
    await page.selectOption('#organization-costs-period', 'last30Days');
    await status.waitFor();
    expect(await status.textContent()).toContain('COST_REPORT_MAX_DAYS');
    expect(await page.locator('#organization-costs tr').count()).toBe(0);
    expect(await page.locator('#organization-cost-report').isHidden()).toBe(true);
    await page.selectOption('#organization-costs-period', 'thisMonth');
    await status.waitFor({ state: 'hidden' });
    await page.locator('#organization-costs tr[data-category="connections"]').waitFor();
    expect(unexpected(problems, 400)).toEqual([]);
  });
});
