import { choiceToAdopt, loadChoice, resolveLocale, saveChoice } from './locale-settings';

const SUPPORTED = ['en', 'de'];

describe('resolveLocale', () => {
  it('follows the browser when nothing was chosen, keeping its region', () => {
    expect(resolveLocale({ language: null, timeZone: null }, ['de-AT', 'en-US'], 'Europe/Vienna', SUPPORTED)).toEqual({ language: 'de', locale: 'de-AT', timeZone: 'Europe/Vienna', dir: 'ltr' });
  });

  it('takes the first browser language it speaks, else the fallback', () => {
    expect(resolveLocale({ language: null, timeZone: null }, ['fr-FR', 'de-DE'], 'UTC', SUPPORTED).locale).toBe('de-DE');
    expect(resolveLocale({ language: null, timeZone: null }, ['fr-FR'], 'UTC', SUPPORTED)).toMatchObject({ language: 'en', locale: 'en' });
  });

  it('prefers the stored choice over the browser, and ignores one it cannot use', () => {
    expect(resolveLocale({ language: 'en', timeZone: 'Asia/Tokyo' }, ['de-DE', 'en-GB'], 'Europe/Berlin', SUPPORTED)).toMatchObject({ language: 'en', locale: 'en-GB', timeZone: 'Asia/Tokyo' });
    expect(resolveLocale({ language: 'xx', timeZone: 'Mars/Olympus' }, ['de-DE'], 'Europe/Berlin', SUPPORTED)).toMatchObject({ language: 'de', timeZone: 'Europe/Berlin' });
  });

  it('writes right-to-left languages right to left', () => {
    expect(resolveLocale({ language: null, timeZone: null }, ['ar-EG'], 'Africa/Cairo', ['en', 'ar']).dir).toBe('rtl');
  });
});

describe('stored choice', () => {
  it('round-trips, and "as the browser" removes the entry', () => {
    const map = new Map<string, string>();
    const storage = { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v), removeItem: (k: string) => void map.delete(k) };
    saveChoice(storage, { language: 'de', timeZone: 'Asia/Tokyo' });
    expect(loadChoice(storage)).toEqual({ language: 'de', timeZone: 'Asia/Tokyo' });
    saveChoice(storage, { language: null, timeZone: 'Asia/Tokyo' });
    expect(loadChoice(storage)).toEqual({ language: null, timeZone: 'Asia/Tokyo' });
    expect(map.size).toBe(1);
  });
});

describe('choiceToAdopt', () => {
  const nothing = { language: null, timeZone: null };

  it('takes the account\'s language and zone into a browser that chose none', () => {
    expect(choiceToAdopt(nothing, { locale: 'de', timeZone: 'Asia/Tokyo' })).toEqual({ language: 'de', timeZone: 'Asia/Tokyo' });
    expect(choiceToAdopt(nothing, { locale: 'de', timeZone: null })).toEqual({ language: 'de', timeZone: null });
  });

  it('keeps what this browser chose, field by field', () => {
    expect(choiceToAdopt({ language: 'en', timeZone: null }, { locale: 'de', timeZone: 'Asia/Tokyo' })).toEqual({ language: 'en', timeZone: 'Asia/Tokyo' });
    expect(choiceToAdopt({ language: 'en', timeZone: 'UTC' }, { locale: 'de', timeZone: 'Asia/Tokyo' })).toBeNull();
  });

  it('changes nothing when the account has no preference', () => {
    expect(choiceToAdopt(nothing, { locale: null, timeZone: null })).toBeNull();
  });
});
