import { uniqueName } from '@chat/testing';
import { axeViolations } from './web-client-axe';
import { createChannel, delivered, type Person, register, send, webClientSceneOnOwnServer } from './web-client-harness';

/**
 * The web client checked by a machine (axe-core: WCAG 2 A and AA, and best practices): the login and registration
 * view, the chat with a conversation open and a message in it, the new-conversation and account
 * dialogs and the members panel, in the light and the dark colour scheme, and the login view, the
 * list and the open conversation on a 400 px wide screen (one column: the list or the conversation),
 * have no violation at all. With a modal dialog open the rest of the page is inert, so axe checks the
 * dialog. Catches what people using a screen reader or a keyboard, or
 * seeing poorly, would meet: unnamed controls, unlabelled fields, too little contrast, broken
 * ARIA. It cannot judge everything (reading order, wording), so it is a floor, not a review.
 */
describe('web client: accessibility (axe-core)', () => {
  let alice: Person;
  const channel = uniqueName('axe');

  const scene = webClientSceneOnOwnServer({}, {
    ready: async ({ person, server }) => {
      alice = await person(server.url);
    },
  });

  it('has no violation on the login view', async () => {
    await alice.page.locator('#login-username').waitFor();
    expect(await axeViolations(alice.page)).toEqual([]);
  });

  it('has no violation on the registration view, reached from the Log in tab with the arrow key (the tabs pattern)', async () => {
    const page = alice.page;
    await page.getByRole('tab', { name: 'Log in' }).focus();
    await page.keyboard.press('ArrowRight');
    const register = page.getByRole('tab', { name: 'Register' });
    expect(await register.evaluate((tab) => tab === document.activeElement && tab.getAttribute('aria-selected'))).toBe('true');
    // The tab names the panel it controls, and the panel (holding the form) is named by the tab.
    const panel = page.getByRole('tabpanel', { name: 'Register' });
    expect(await panel.getAttribute('id')).toBe(await register.getAttribute('aria-controls'));
    await panel.locator('form #register-username').waitFor();
    expect(await page.locator('#panel-login').isHidden()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('has no violation in the chat with a conversation open and a message in it', async () => {
    await register(alice.page, uniqueName('alice'), 'Alice');
    await createChannel(alice.page, channel, 'Checked by axe');
    await send(alice.page, 'Hello, screen readers');
    await delivered(alice.page, 'Hello, screen readers').waitFor();
    expect(await axeViolations(alice.page)).toEqual([]);
  });

  it('has no violation with the new-conversation dialog open', async () => {
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
  });

  it('has none 400 px wide: the login view, the list of conversations, and a conversation open (the level-one heading kept)', async () => {
    const stranger = await scene.person(scene.server.url);
    await stranger.page.setViewportSize({ width: 400, height: 800 });
    await stranger.page.locator('#login-username').waitFor();
    expect(await axeViolations(stranger.page)).toEqual([]);

    await alice.page.setViewportSize({ width: 400, height: 800 });
    if ((await alice.page.getAttribute('#members-button', 'aria-expanded')) === 'true') await alice.page.click('#members-button');
    await alice.page.click('#back-button');
    await alice.page.locator('#conversation-list').waitFor();
    expect(await axeViolations(alice.page)).toEqual([]);
    await alice.page.locator('#conversation-list').getByText(channel).click();
    await delivered(alice.page, 'Hello, screen readers').waitFor();
    expect(await alice.page.locator('#conversation-list').isVisible()).toBe(false);
    expect(await axeViolations(alice.page)).toEqual([]);
  });
});
