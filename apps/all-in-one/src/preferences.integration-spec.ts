import { DataSource } from 'typeorm';
import { LOCALES } from '@chat/contracts';
import { ChatApi } from '@chat/sdk';
import { signUp, startTestApp, type TestApp } from '@chat/testing';
import { allInOne } from './definition';

/** Seed 003 req. 18.2: a user's language and time zone live with the account (GET /v1/me, PATCH /v1/me/preferences). */
describe('account preferences: language and time zone', () => {
  let server: TestApp;
  beforeAll(async () => {
    server = await startTestApp(allInOne);
  });
  afterAll(() => server.close());

  it('starts unset, keeps what a PATCH sets (a zone in its canonical spelling), changes only what it names, and clears with null', async () => {
    const user = await signUp(server.url, 'prefs');
    expect((await user.api.me()).preferences).toEqual({ locale: null, timeZone: null });

    expect(await user.api.updatePreferences({ locale: 'de', timeZone: 'europe/berlin' })).toEqual({ preferences: { locale: 'de', timeZone: 'Europe/Berlin' } });
    expect((await user.api.me()).preferences).toEqual({ locale: 'de', timeZone: 'Europe/Berlin' });
    expect((await user.api.updatePreferences({ timeZone: 'Asia/Tokyo' })).preferences).toEqual({ locale: 'de', timeZone: 'Asia/Tokyo' });
    expect((await user.api.updatePreferences({})).preferences).toEqual({ locale: 'de', timeZone: 'Asia/Tokyo' });

    expect((await user.api.updatePreferences({ locale: null })).preferences).toEqual({ locale: null, timeZone: 'Asia/Tokyo' });
    expect((await user.api.updatePreferences({ timeZone: null })).preferences).toEqual({ locale: null, timeZone: null });
    expect((await user.api.me()).preferences).toEqual({ locale: null, timeZone: null });
  });

  it('refuses a locale the product does not ship and a time zone that is not an IANA name, naming the field, and keeps the old values', async () => {
    const user = await signUp(server.url, 'prefs');
    await user.api.updatePreferences({ locale: 'en', timeZone: 'UTC' });
    for (const [body, field] of [
      [{ locale: 'fr' }, 'locale'],
      [{ locale: 'DE' }, 'locale'],
      [{ locale: 7 }, 'locale'],
      [{ timeZone: 'Mars/Olympus' }, 'timeZone'],
      [{ timeZone: '' }, 'timeZone'],
      [{ timeZone: 60 }, 'timeZone'],
      [{ locale: 'de', timeZone: 'Nowhere' }, 'timeZone'],
      [{ language: 'de' }, 'language'],
    ] as const) {
      const answer = await user.api.request('PATCH', '/v1/me/preferences', body).catch((err) => err);
      expect(answer).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED', message: expect.any(String), hint: expect.any(String), requestId: expect.any(String) } });
      expect(answer.body.details.map((d: { field: string }) => d.field)).toEqual([field]);
    }
    expect((await user.api.me()).preferences).toEqual({ locale: 'en', timeZone: 'UTC' });
  });

  it('go with the account when it is deleted', async () => {
    const user = await signUp(server.url, 'prefs');
    await user.api.updatePreferences({ locale: 'de', timeZone: 'Asia/Tokyo' });
    await user.api.deleteAccount('password-123');
    const [row] = await server.app.get(DataSource).query(`SELECT locale, time_zone FROM users WHERE id = $1`, [user.id]);
    expect(row).toEqual({ locale: null, time_zone: null });
  });

  it('are in the OpenAPI document, with the locales the product ships', async () => {
    const doc = await (await fetch(`${server.url}/docs-json`)).json();
    const body = doc.paths['/v1/me/preferences'].patch.requestBody.content['application/json'].schema;
    const dto = doc.components.schemas[body.$ref.split('/').pop()];
    expect(dto.properties.locale.enum).toEqual([...LOCALES]);
  });

  it('are only mine: another account keeps its own, and without a login there is nothing to change', async () => {
    const [ana, ben] = await Promise.all([signUp(server.url, 'ana'), signUp(server.url, 'ben')]);
    await ana.api.updatePreferences({ locale: 'de' });
    expect((await ben.api.me()).preferences).toEqual({ locale: null, timeZone: null });
    await expect(new ChatApi({ baseUrl: server.url }).updatePreferences({ locale: 'de' })).rejects.toMatchObject({ status: 401 });
  });
});
