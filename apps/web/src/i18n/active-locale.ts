import { CATALOGS, type MessageKey } from './catalogs';
import { DateTimes } from './date-times';
import { loadChoice, resolveLocale, type ResolvedLocale } from './locale-settings';
import type { MessageParams } from './message-format';
import { Translator } from './translator';

/**
 * The page's one locale, resolved on first use from the stored choice and the browser. It does
 * not change while the page lives: choosing another language or zone saves it and reloads
 * (account-dialog's settings), so no text drawn before is left in the old language.
 */
interface Active {
  resolved: ResolvedLocale;
  translator: Translator<MessageKey>;
  times: DateTimes;
}

let active: Active | undefined;

function current(): Active {
  if (active) return active;
  const resolved = resolveLocale(loadChoice(localStorage), navigator.languages, Intl.DateTimeFormat().resolvedOptions().timeZone, Object.keys(CATALOGS));
  active = { resolved, translator: new Translator(resolved.locale, CATALOGS[resolved.language], resolved.timeZone), times: new DateTimes(resolved.locale, resolved.timeZone) };
  return active;
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

export function activeLocale(): ResolvedLocale {
  return current().resolved;
}

/** Whether the server's own (English) texts are in the page's language. */
export function speaksServerLanguage(): boolean {
  return current().resolved.language === 'en';
}
