import type { Locale } from '@chat/contracts';
import { de } from './de';
import { en, type Catalog, type MessageKey } from './en';

export type { Catalog, MessageKey };

/** A catalog for every language the product ships (@chat/contracts LOCALES, whose first is the fallback). */
export const CATALOGS: Readonly<Record<Locale, Catalog>> = { en, de };

/** Each language in its own words, for the language menu. */
export const LANGUAGE_NAMES: Readonly<Record<Locale, string>> = { en: 'English', de: 'Deutsch' };

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(en, key);
}
