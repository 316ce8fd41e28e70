import { byId, h } from './dom';
import { LANGUAGE_NAMES } from './i18n/catalogs';
import { activeLocale, t } from './i18n/active-locale';
import { loadChoice, saveChoice } from './i18n/locale-settings';

/**
 * The account dialog's language and time zone. Each offers "as the browser" (nothing stored)
 * besides the explicit choices; Apply stores the choice in this browser and reloads, so every
 * text and time on the page is drawn again in it (the login survives the reload).
 */
export class LocaleControl {
  private readonly language = byId<HTMLSelectElement>('account-language');
  private readonly timeZone = byId<HTMLSelectElement>('account-time-zone');

  constructor() {
    const stored = loadChoice(localStorage);
    const browserLanguage = new Intl.DisplayNames([activeLocale().locale], { type: 'language' }).of(navigator.language) ?? navigator.language;
    this.language.replaceChildren(
      option('', t('locale.browserDefault', { value: browserLanguage })),
      ...Object.entries(LANGUAGE_NAMES).map(([code, name]) => option(code, name, code)),
    );
    this.language.value = stored.language ?? '';
    const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    // A zone stored under another name than the browser's list uses (e.g. UTC) stays choosable.
    const zones = Intl.supportedValuesOf('timeZone');
    if (stored.timeZone && !zones.includes(stored.timeZone)) zones.unshift(stored.timeZone);
    this.timeZone.replaceChildren(option('', t('locale.browserDefault', { value: browserZone })), ...zones.map((zone) => option(zone, zone)));
    this.timeZone.value = stored.timeZone ?? '';
    byId('account-locale-apply').addEventListener('click', () => {
      saveChoice(localStorage, { language: this.language.value || null, timeZone: this.timeZone.value || null });
      location.reload();
    });
  }
}

/** `lang`: a language's own name is read in that language. */
function option(value: string, label: string, lang?: string): HTMLOptionElement {
  return h('option', { value, lang }, label);
}
