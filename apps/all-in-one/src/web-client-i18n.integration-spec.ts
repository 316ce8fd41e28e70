import { signUp, uniqueName, type TestUser } from '@chat/testing';
import type { Page } from 'playwright-core';
import { delivered, logIn, message, type Person, send, webClientSceneOnOwnServer } from './web-client-harness';

/**
 * The web client in another language and time zone: a browser set to German in Tokyo gets
 * German texts, German plurals and times in Tokyo's zone; the account dialog's choice of
 * language and zone overrides the browser's, survives a reload, and is kept with the account,
 * so another browser takes it at login.
 */
describe('web client: language and time zone', () => {
  const GERMAN_IN_TOKYO = { locale: 'de-DE', timezoneId: 'Asia/Tokyo' };
  let bob: TestUser;
  let anna: Person;
  let conversationId: string;
  const group = uniqueName('gruppe');
  const annaName = uniqueName('anna');

  const scene = webClientSceneOnOwnServer({}, {
    ready: async ({ person, server }) => {
      bob = await signUp(server.url, 'bob');
      anna = await person(server.url, undefined, GERMAN_IN_TOKYO);
    },
  });

  /** The HH:MM a message sent at `iso` shows today, as Intl formats it for that locale and zone. */
  const clock = (iso: string, locale: string, timeZone: string) => spaced(new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit', timeZone }).format(new Date(iso)));
  const unreadBadge = (page: Page, label: string) => page.locator('#conversation-list button', { hasText: group }).locator(`.badge[aria-label="${label}"]`);
  const shownTime = async (page: Page, body: string) => spaced((await message(page, body).locator('time').textContent()) ?? '');

  it('shows the login screen in the browser’s language', async () => {
    const { page } = anna;
    expect(await page.getAttribute('html', 'lang')).toBe('de-DE');
    await page.getByRole('tab', { name: 'Registrieren' }).click();
    expect(await page.locator('label[for="register-username"]').textContent()).toBe('Benutzername');
    expect(await page.locator('#panel-register button[type="submit"]').textContent()).toBe('Konto erstellen');
  });

  it('explains a refused login in German (server error code mapped to the catalog)', async () => {
    const stranger = await scene.person(scene.server.url, undefined, GERMAN_IN_TOKYO);
    await stranger.page.fill('#login-username', bob.auth.user.username);
    await stranger.page.fill('#login-password', 'not-the-password');
    await stranger.page.click('#panel-login button[type="submit"]');
    await stranger.page.locator('#panel-login .form-error', { hasText: 'Falscher Benutzername oder falsches Passwort.' }).waitFor();
    // The one expected: Chromium logs the server's 401 for the refused login.
    expect(stranger.problems.splice(0).filter((p) => !/status of 401/.test(p))).toEqual([]);
  });

  it('registers, and counts unread messages with German plurals', async () => {
    const { page } = anna;
    await page.fill('#register-username', annaName);
    await page.fill('#register-display-name', 'Anna');
    await page.fill('#register-password', 'password-123');
    await page.click('#panel-register button[type="submit"]');
    await page.locator('#chat-screen').waitFor();
    expect(await page.locator('#browse-button').textContent()).toBe('Kanäle durchsuchen');
    expect(await page.locator('#conversation-filter').getAttribute('placeholder')).toBe('Unterhaltungen filtern');

    const annaId = await page.evaluate(() => (JSON.parse(localStorage.getItem('chat.session.v1')!) as { user: { id: string } }).user.id);
    conversationId = (await bob.api.createConversation({ type: 'group', name: group, memberIds: [annaId] })).conversation.id;
    // Each count read from the server after a reload: a live frame could race the new group's subscription.
    await bob.api.sendMessage(conversationId, { clientMessageId: crypto.randomUUID(), body: 'Hallo Anna' });
    await page.reload();
    await unreadBadge(page, '1 ungelesene Nachricht').waitFor();
    await bob.api.sendMessage(conversationId, { clientMessageId: crypto.randomUUID(), body: 'Bist du da?' });
    await page.reload();
    await unreadBadge(page, '2 ungelesene Nachrichten').waitFor();
  });

  it('shows the conversation in German, with times in the browser’s zone', async () => {
    const { page } = anna;
    await page.locator('#conversation-list button', { hasText: group }).click();
    await page.locator('#messages-loading').waitFor({ state: 'hidden' });
    expect(await page.locator('#pane-subtitle').textContent()).toBe('2 Mitglieder');
    expect(await page.locator('#members-button').textContent()).toBe('Mitglieder (2)');
    expect(await page.locator('#composer-input').getAttribute('placeholder')).toBe('Nachricht schreiben…');

    const sentAt = async (body: string) => (await bob.api.history(conversationId)).messages.find((m) => m.body === body)!.createdAt;
    const helloAt = await sentAt('Hallo Anna');
    const shown = await shownTime(page, 'Hallo Anna');
    expect(shown).toBe(clock(helloAt, 'de-DE', 'Asia/Tokyo'));
    // Tokyo is 9 hours ahead of UTC: the same time in UTC would read differently.
    expect(shown).not.toBe(clock(helloAt, 'de-DE', 'UTC'));

    // The sidebar says when the last message came (today: the time alone), in the same zone, the full date in its tooltip.
    const lastTime = page.locator('#conversation-list button', { hasText: group }).locator('time.conversation-time');
    const askedAt = await sentAt('Bist du da?');
    expect(await lastTime.getAttribute('datetime')).toBe(askedAt);
    expect(spaced((await lastTime.textContent()) ?? '')).toBe(clock(askedAt, 'de-DE', 'Asia/Tokyo'));
    expect(await lastTime.getAttribute('title')).toBe(new Intl.DateTimeFormat('de-DE', { dateStyle: 'full', timeStyle: 'medium', timeZone: 'Asia/Tokyo' }).format(new Date(askedAt)));

    await send(page, 'Ja, hier!');
    // Bob reads through the API, whose client acknowledges no delivery: stored, on no other device yet.
    await delivered(page, 'Ja, hier!').locator('.status', { hasText: 'Gesendet' }).waitFor();
    // A new message moves it on.
    await page.locator('#conversation-list button', { hasText: group }).locator(`time.conversation-time[datetime="${await sentAt('Ja, hier!')}"]`).waitFor();
  });

  it('switches to the language and zone chosen in the account dialog, and keeps them after a reload', async () => {
    const { page } = anna;
    expect(await page.locator('#account-button').textContent()).toBe('Konto');
    await page.click('#account-button');
    expect(await page.locator('#account-locale-title').textContent()).toBe('Sprache und Zeitzone');
    expect(await page.locator('#account-delete').textContent()).toBe('Mein Konto löschen');
    await page.selectOption('#account-language', 'en');
    await page.selectOption('#account-time-zone', 'America/New_York');
    await Promise.all([page.waitForEvent('load'), page.click('#account-locale-apply')]);
    await page.locator('#chat-screen').waitFor();
    expect(await page.locator('#browse-button').textContent()).toBe('Browse channels');
    expect(await page.getAttribute('html', 'lang')).toBe('en');

    await page.reload();
    await page.locator('#conversation-list button', { hasText: group }).click();
    await page.locator('#messages-loading').waitFor({ state: 'hidden' });
    expect(await page.locator('#pane-subtitle').textContent()).toBe('2 members');
    const sentAt = (await bob.api.history(conversationId)).messages.find((m) => m.body === 'Hallo Anna')!.createdAt;
    expect(await shownTime(page, 'Hallo Anna')).toBe(clock(sentAt, 'en', 'America/New_York'));
  });

  it('saves the choice with the account: a fresh English browser that chose nothing shows German after logging in', async () => {
    const { page } = anna;
    await page.click('#account-button');
    await page.selectOption('#account-language', 'de');
    await page.selectOption('#account-time-zone', 'Europe/Berlin');
    await Promise.all([page.waitForEvent('load'), page.click('#account-locale-apply')]);
    await page.locator('#browse-button', { hasText: 'Kanäle durchsuchen' }).waitFor();

    const fresh = await scene.person(scene.server.url, undefined, { locale: 'en-US', timezoneId: 'UTC' });
    expect(await fresh.page.locator('#browse-button').textContent()).toBe('Browse channels');
    await logIn(fresh.page, annaName);
    // The account's language and zone are stored in this browser and the page reloads in them.
    await fresh.page.locator('#browse-button', { hasText: 'Kanäle durchsuchen' }).waitFor();
    expect(await fresh.page.getAttribute('html', 'lang')).toBe('de');
    expect(await fresh.page.evaluate(() => [localStorage.getItem('chat.language.v1'), localStorage.getItem('chat.timeZone.v1')])).toEqual(['de', 'Europe/Berlin']);
    await fresh.page.locator('#conversation-list button', { hasText: group }).click();
    await fresh.page.locator('#messages-loading').waitFor({ state: 'hidden' });
    expect(await fresh.page.locator('#pane-subtitle').textContent()).toBe('2 Mitglieder');
    const sentAt = (await bob.api.history(conversationId)).messages.find((m) => m.body === 'Hallo Anna')!.createdAt;
    expect(await shownTime(fresh.page, 'Hallo Anna')).toBe(clock(sentAt, 'de', 'Europe/Berlin'));
  });
});

/** ICU versions differ in the space before AM/PM (plain or narrow no-break); the time is what matters. */
function spaced(text: string): string {
  return text.replace(/\s/g, ' ');
}
