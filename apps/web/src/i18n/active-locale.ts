import { LOCALES, type Locale } from '@chat/contracts';
import { Translator, type MessageParams } from '@chat/domain';
import { CATALOGS, type MessageKey } from './catalogs';
import { DateTimes } from './date-times';
import { loadChoice, resolveLocale, type LocaleChoice, type ResolvedLocale } from './locale-settings';

/**
 * The page's one locale, resolved on first use from the stored choice and the browser. It does
 * not change while the page lives: choosing another language or zone saves it and reloads
 * (account-dialog's settings), so no text drawn before is left in the old language.
 */
interface Active {
  resolved: ResolvedLocale<Locale>;
  translator: Translator<MessageKey>;
  times: DateTimes;
}

let active: Active | undefined;

function current(): Active {
  if (active) return active;
  // Outside a browser (unit specs of the views' helpers): nothing stored, no preference, so English.
  const storage = typeof localStorage === 'undefined' ? { getItem: () => null } : localStorage;
  const resolved = resolveInThisBrowser(loadChoice(storage));
  active = { resolved, translator: new Translator(resolved.locale, CATALOGS[resolved.language]), times: new DateTimes(resolved.locale, resolved.timeZone) };
  return active;
}

function resolveInThisBrowser(choice: LocaleChoice): ResolvedLocale<Locale> {
  const preferred = typeof navigator === 'undefined' ? [] : navigator.languages;
  return resolveLocale(choice, preferred, Intl.DateTimeFormat().resolvedOptions().timeZone, LOCALES);
}

/** Whether the page would show another language or time zone with `choice` stored. */
export function changesPage(choice: LocaleChoice): boolean {
  const next = resolveInThisBrowser(choice);
  const { language, timeZone } = current().resolved;
  return next.language !== language || next.timeZone !== timeZone;
}

/** The text of `key` in the page's language, with `params` put in. */
export function t(key: MessageKey, params?: MessageParams): string {
  return current().translator.t(key, params);
}

export function formatNumber(n: number, options?: Intl.NumberFormatOptions): string {
  return current().translator.number(n, options);
}

export function dateTimes(): DateTimes {
  return current().times;
}

/** A weekday's name in the page's language, `long` (Monday) or `short` (Mon). */
export function weekdayName(index: number, width: 'long' | 'short'): string {
  // 1 January 2024 was a Monday; UTC so the machine's zone cannot move it to another day.
  return new Intl.DateTimeFormat(current().resolved.locale, { weekday: width, timeZone: 'UTC' }).format(Date.UTC(2024, 0, 1 + index));
}

export function activeLocale(): ResolvedLocale<Locale> {
  return current().resolved;
}

/** Whether the server's own (English) texts are in the page's language. */
export function speaksServerLanguage(): boolean {
  return current().resolved.language === 'en';
}
