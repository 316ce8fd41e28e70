import { de } from './de';
import { en, type Catalog, type MessageKey } from './en';

export type { Catalog, MessageKey };

/** Every language the client speaks, by code; the first is the fallback. */
export const CATALOGS: Readonly<Record<string, Catalog>> = { en, de };

/** Each language in its own words, for the language menu. */
export const LANGUAGE_NAMES: Readonly<Record<keyof typeof CATALOGS, string>> = { en: 'English', de: 'Deutsch' };

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(en, key);
}
