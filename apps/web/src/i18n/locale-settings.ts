import type { UserPreferences } from '@chat/contracts';
import { ianaTimeZone } from '@chat/domain';

/**
 * Which language and time zone the client uses: the choice stored in this browser (made here,
 * or taken from the account's preferences at login, see choiceToAdopt), else the browser's
 * (navigator.languages, Intl's resolved time zone). The formatting locale keeps the
 * browser's region when it speaks the chosen language (en-GB dates stay day-first).
 */
export interface LocaleChoice {
  /** A supported language code, or null: the browser's. */
  language: string | null;
  /** An IANA time zone, or null: the browser's. */
  timeZone: string | null;
}

export interface ResolvedLocale<L extends string = string> {
  language: L;
  /** The BCP 47 tag used for Intl formatting. */
  locale: string;
  timeZone: string;
  dir: 'ltr' | 'rtl';
}

const LANGUAGE_KEY = 'chat.language.v1';
const TIME_ZONE_KEY = 'chat.timeZone.v1';
/** Scripts written right to left, by language. */
const RTL_LANGUAGES = new Set(['ar', 'dv', 'fa', 'he', 'ku', 'ps', 'sd', 'ug', 'ur', 'yi']);

export function loadChoice(storage: Pick<Storage, 'getItem'>): LocaleChoice {
  return { language: storage.getItem(LANGUAGE_KEY), timeZone: storage.getItem(TIME_ZONE_KEY) };
}

export function saveChoice(storage: Pick<Storage, 'setItem' | 'removeItem'>, choice: LocaleChoice): void {
  for (const [key, value] of [[LANGUAGE_KEY, choice.language], [TIME_ZONE_KEY, choice.timeZone]] as const) {
    if (value) storage.setItem(key, value);
    else storage.removeItem(key);
  }
}

/**
 * What this browser takes from the account's preferences at login: each of language and zone it
 * has no choice of its own for. Null when that changes nothing (a choice made here wins, so one
 * browser can differ from the account).
 */
export function choiceToAdopt(stored: LocaleChoice, account: UserPreferences): LocaleChoice | null {
  const adopted = { language: stored.language ?? account.locale, timeZone: stored.timeZone ?? account.timeZone };
  return adopted.language === stored.language && adopted.timeZone === stored.timeZone ? null : adopted;
}

/** `supported` lists language codes, the first being the fallback. */
export function resolveLocale<L extends string>(choice: LocaleChoice, preferred: readonly string[], browserTimeZone: string, supported: readonly L[]): ResolvedLocale<L> {
  const languageOf = (tag: string) => tag.split('-')[0].toLowerCase();
  const supportedOf = (code: string | null) => supported.find((l) => l === code);
  const language = supportedOf(choice.language) ?? preferred.map((tag) => supportedOf(languageOf(tag))).find((l) => l !== undefined) ?? supported[0];
  const locale = preferred.find((tag) => languageOf(tag) === language && isIntlLocale(tag)) ?? language;
  const timeZone = (choice.timeZone ? ianaTimeZone(choice.timeZone) : null) ?? browserTimeZone;
  return { language, locale, timeZone, dir: RTL_LANGUAGES.has(language) ? 'rtl' : 'ltr' };
}

function isIntlLocale(tag: string): boolean {
  try {
    return Intl.DateTimeFormat.supportedLocalesOf(tag).length > 0;
  } catch {
    return false;
  }
}
