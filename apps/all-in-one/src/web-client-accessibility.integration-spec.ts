import { readFileSync } from 'node:fs';
import { startTestApp, uniqueName, type TestApp } from '@chat/testing';
import type { Page } from 'playwright-core';
import { allInOne } from './definition';
import { BrowserPeople, createChannel, delivered, register, send, type Person } from './web-client-harness';

/** axe-core's browser build, injected into the page as it is (no network, no bundler). */
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
/** WCAG 2.0/2.1 level A and AA rules; only what blocks or badly hinders people fails the spec. */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const FAILING_IMPACTS = new Set(['serious', 'critical']);

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/** Runs axe on the page as it is now; returns the serious and critical violations, one line each. */
async function axeViolations(page: Page): Promise<string[]> {
  // Not page.addScriptTag: the client's Content-Security-Policy (script-src 'self') rightly blocks an
  // inline <script>, and the spec must not weaken it. Evaluating the source through the DevTools
  // protocol is not subject to the page's CSP and defines window.axe all the same.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  // Buttons fade their background over 0.12 s while their text colour changes at once: measured
  // mid-fade (after a colour-scheme switch, a hover), light text sits on a still-light background.
  // Contrast is judged once transitions settle.
  await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished)));
  const violations = await page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: unknown[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return result.violations;
  }, TAGS);
  return (violations as Violation[])
    .filter((v) => v.impact !== null && FAILING_IMPACTS.has(v.impact))
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
}

/**
 * The web client checked by a machine (axe-core, WCAG 2 A and AA): the login and registration
 * view, the chat with a conversation open and a message in it, the new-conversation and account
 * dialogs and the members panel, in the light and the dark colour scheme, have no serious or
 * critical violation. With a modal dialog open the rest of the page is inert, so axe checks the
 * dialog. Catches what people using a screen reader or a keyboard, or
 * seeing poorly, would meet: unnamed controls, unlabelled fields, too little contrast, broken
 * ARIA. It cannot judge everything (reading order, wording), so it is a floor, not a review.
 */
describe('web client: accessibility (axe-core)', () => {
  const browsers = new BrowserPeople();
  let server: TestApp;
  let alice: Person;
  const channel = uniqueName('axe');

  beforeAll(async () => {
    await browsers.start(startTestApp(allInOne).then((s) => (server = s)));
    alice = await browsers.person(server.url);
  });

  afterAll(async () => {
    await browsers.close();
    await server?.close();
  });

  it('has no serious or critical violation on the login view', async () => {
    await alice.page.locator('#login-username').waitFor();
    expect(await axeViolations(alice.page)).toEqual([]);
  });

  it('has no serious or critical violation on the registration view', async () => {
    await alice.page.getByRole('tab', { name: 'Register' }).click();
    await alice.page.locator('#register-username').waitFor();
    expect(await axeViolations(alice.page)).toEqual([]);
  });

  it('has no serious or critical violation in the chat with a conversation open and a message in it', async () => {
    await register(alice.page, uniqueName('alice'), 'Alice');
    await createChannel(alice.page, channel, 'Checked by axe');
    await send(alice.page, 'Hello, screen readers');
    await delivered(alice.page, 'Hello, screen readers').waitFor();
    expect(await axeViolations(alice.page)).toEqual([]);
  });

  it('has no serious or critical violation with the new-conversation dialog open', async () => {
    await alice.page.click('#create-button');
    await alice.page.locator('#create-dialog').waitFor();
    await alice.page.locator('#create-name').waitFor();
    expect(await axeViolations(alice.page)).toEqual([]);
    await alice.page.locator('#create-form [data-close]').first().click();
    await alice.page.locator('#create-dialog').waitFor({ state: 'hidden' });
  });

  it('has none in the account dialog (section headings on a light surface) or with the members panel open', async () => {
    await alice.page.click('#account-button');
    await alice.page.locator('#account-profile-title').waitFor();
    expect(await axeViolations(alice.page)).toEqual([]);
    await alice.page.keyboard.press('Escape');
    await alice.page.locator('#account-dialog').waitFor({ state: 'hidden' });
    await alice.page.click('#members-button');
    await alice.page.locator('#member-list li .role').first().waitFor();
    expect(await axeViolations(alice.page)).toEqual([]);
  });

  it('has none in the dark colour scheme either (its own colours, so its own contrast)', async () => {
    if ((await alice.page.getAttribute('#members-button', 'aria-expanded')) !== 'true') await alice.page.click('#members-button');
    await alice.page.locator('#member-list li .role').first().waitFor();
    await alice.page.emulateMedia({ colorScheme: 'dark' });
    expect(await axeViolations(alice.page)).toEqual([]);
    await alice.page.click('#create-button');
    await alice.page.locator('#create-name').waitFor();
    expect(await axeViolations(alice.page)).toEqual([]);
    await alice.page.keyboard.press('Escape');
    await alice.page.locator('#create-dialog').waitFor({ state: 'hidden' });
    await alice.page.emulateMedia({ colorScheme: 'light' });
    expect(alice.problems).toEqual([]);
  });
});
