import { randomUUID } from 'node:crypto';
import { ChatApi } from '@chat/sdk';
import { eventually, startTestApp, uniqueName, type TestApp } from '@chat/testing';
import { BrowserPeople, logIn, register } from './web-client-harness';
import { allInOne } from './definition';

const UPGRADE_URL = 'https://billing.example.com/upgrade';

/** The web client on a server hosting several organizations (seed 003 R13.1), where anyone may create one. */
describe('web client: organizations', () => {
  const people = new BrowserPeople();
  let multi: TestApp;
  let single: TestApp;

  beforeAll(async () => {
    await people.start(
      (async () => (multi = await startTestApp(allInOne, { TENANCY_MODE: 'multi', TENANT_SELF_SERVICE: 'true', TENANT_UPGRADE_URL: UPGRADE_URL })))(),
      (async () => (single = await startTestApp(allInOne)))(),
    );
  });
  afterAll(async () => {
    await people.close();
    await Promise.all([multi?.close(), single?.close()]);
  });

  it('creates an organization from the login screen, whose link lets a colleague register into it; an unknown one is refused', async () => {
    const slug = `org-${randomUUID().slice(0, 8)}`;
    const founder = await people.person(multi.url);
    const { page } = founder;
    await page.locator('#organization-field').waitFor();
    await page.getByRole('tab', { name: 'New organization' }).click();
    await page.fill('#organization-slug', slug);
    await page.fill('#organization-name', 'Widgets Inc');
    await page.fill('#organization-username', 'founder');
    await page.fill('#organization-display-name', 'The Founder');
    await page.fill('#organization-password', 'password-123');
    await page.click('#panel-organization button[type="submit"]');
    await page.locator('#chat-screen').waitFor();
    expect(await page.evaluate(() => localStorage.getItem('chat.organization.v1'))).toBe(slug);

    const colleague = await people.person(`${multi.url}/?tenant=${slug}`);
    // The field is filled once GET /v1/tenancy says the server hosts several organizations.
    await colleague.page.locator('#organization-field').waitFor();
    expect(await colleague.page.inputValue('#organization')).toBe(slug);
    const name = uniqueName('colleague');
    await register(colleague.page, name, 'A Colleague');
    const api = new ChatApi({ baseUrl: multi.url, tenant: slug });
    await api.login(name, 'password-123');
    expect((await api.tenant()).tenant).toMatchObject({ slug, name: 'Widgets Inc' });
    expect((await api.findUsers({ q: 'founder' })).users.map((u) => u.displayName)).toEqual(['The Founder']);

    const stranger = await people.person(multi.url);
    await stranger.page.fill('#organization', 'no-such-org');
    await stranger.page.fill('#login-username', 'someone');
    await stranger.page.fill('#login-password', 'password-123');
    await stranger.page.click('#panel-login button[type="submit"]');
    const error = stranger.page.locator('#panel-login .form-error');
    await error.waitFor();
    expect(await error.textContent()).toContain('no-such-org');
    expect([...founder.problems, ...colleague.problems]).toEqual([]);
  });

  it("shows an organization's administrators its use and limits, turns a feature off for everyone, and exports all its data for download; others see no such button", async () => {
    const slug = `org-${randomUUID().slice(0, 8)}`;
    await new ChatApi({ baseUrl: multi.url }).createTenant({ slug, name: 'Gizmos Ltd', admin: { username: 'boss', displayName: 'Boss', password: 'password-123' } });
    const member = uniqueName('member');
    await new ChatApi({ baseUrl: multi.url, tenant: slug }).register(member, 'Member', 'password-123');

    const { page, problems } = await people.person(`${multi.url}/?tenant=${slug}`);
    await logIn(page, 'boss');
    await page.click('#organization-button');
    await page.locator('#organization-usage tr', { hasText: 'Open connections' }).waitFor();
    expect(await page.textContent('#organization-dialog-name')).toBe('Gizmos Ltd');
    expect(await page.textContent('#organization-usage')).toContain('No limit');
    expect(await page.getAttribute('#organization-upgrade', 'href')).toBe(UPGRADE_URL);
    // A new organization takes no guests until its administrators say so.
    expect(await page.isChecked('#organization-guests')).toBe(false);
    await page.check('#organization-guests');
    await eventually(() => new ChatApi({ baseUrl: multi.url, tenant: slug }).guest(uniqueName('visitor')));

    // Businesses off for everyone: the member's page has no Businesses button, and the server refuses its routes.
    const businesses = page.locator('#organization-features li[data-key="businesses"]');
    await businesses.getByRole('checkbox').uncheck();
    await businesses.getByRole('button', { name: 'Save' }).click();
    await businesses.getByText('Saved.').waitFor();

    await page.click('#organization-export');
    const ready = page.locator('#organization-exports li[data-status="ready"]');
    await ready.waitFor({ timeout: 30_000 });
    const [download] = await Promise.all([page.waitForEvent('download'), ready.getByRole('button', { name: 'Download' }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.ndjson\.gz$/);
    expect(problems).toEqual([]);

    const other = await people.person(`${multi.url}/?tenant=${slug}`);
    await logIn(other.page, member);
    expect(await other.page.locator('#organization-button').isHidden()).toBe(true);
    await other.page.waitForFunction(() => document.documentElement.dataset.featuresOff?.includes('businesses'));
    expect(await other.page.locator('#business-button').isHidden()).toBe(true);
  });

  it('asks nothing about organizations on a single-tenant server', async () => {
    let asked: Promise<unknown> = Promise.resolve();
    const { page, problems } = await people.person(single.url, async (p) => {
      asked = p.waitForResponse((r) => r.url().endsWith('/v1/tenancy'));
    });
    await asked;
    await page.locator('#panel-login').waitFor();
    expect(await page.locator('#organization-field').isHidden()).toBe(true);
    expect(await page.locator('#tab-organization').isHidden()).toBe(true);
    await register(page, uniqueName('solo'), 'Solo');
    expect(problems).toEqual([]);
  });
});
