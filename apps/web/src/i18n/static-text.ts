import { activeLocale, t } from './active-locale';
import { isMessageKey } from './catalogs';

/** Attributes of index.html's elements filled from the catalog: `data-i18n-title="key"` sets `title`. */
const TRANSLATED_ATTRIBUTES = ['aria-label', 'title', 'placeholder'] as const;

/**
 * Puts the page's language into index.html: `<html lang dir>`, and every element marked with
 * `data-i18n="key"` (its whole text) or `data-i18n-<attribute>="key"`. The markup holds the
 * English texts, so the page reads right even before this runs.
 */
export function translateStaticText(root: Document): void {
  const { locale, dir } = activeLocale();
  root.documentElement.lang = locale;
  root.documentElement.dir = dir;
  for (const node of Array.from(root.querySelectorAll<HTMLElement>('[data-i18n]'))) node.textContent = text(node.dataset.i18n);
  for (const attribute of TRANSLATED_ATTRIBUTES) {
    for (const node of Array.from(root.querySelectorAll<HTMLElement>(`[data-i18n-${attribute}]`))) node.setAttribute(attribute, text(node.getAttribute(`data-i18n-${attribute}`) ?? undefined));
  }
}

function text(key: string | undefined): string {
  // index.html is checked against the catalog by a spec; an unknown key here is a programming error.
  if (!key || !isMessageKey(key)) throw new Error(`index.html names no catalog text "${key}"`);
  return t(key);
}
