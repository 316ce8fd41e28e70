import { isLocale } from '@chat/contracts';
import { byId, h } from './dom';
import { LANGUAGE_NAMES } from './i18n/catalogs';
import { activeLocale, t } from './i18n/active-locale';
import { loadChoice, saveChoice, type LocaleChoice } from './i18n/locale-settings';
import type { Notifier } from './notifier';
import type { SessionApi } from './session-api';

/**
 * The account dialog's language and time zone. Each offers "as the browser" (nothing stored)
 * besides the explicit choices; Apply saves the choice with the account (PATCH
 * /v1/me/preferences: other browsers and the server's notifications use it) and in this browser,
 * then reloads, so every text and time on the page is drawn again in it (the login survives the
 * reload). A choice the server refused is not applied here either, so the two never disagree.
 */
export class LocaleControl {
  private readonly language = byId<HTMLSelectElement>('account-language');
  private readonly timeZone = byId<HTMLSelectElement>('account-time-zone');

  constructor(
    private readonly api: SessionApi,
    private readonly notifier: Notifier,
  ) {
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
    byId('account-locale-apply').addEventListener('click', () => void this.apply({ language: this.language.value || null, timeZone: this.timeZone.value || null }));
  }

  private async apply(choice: LocaleChoice): Promise<void> {
    try {
      await this.api.updatePreferences({ locale: isLocale(choice.language) ? choice.language : null, timeZone: choice.timeZone });
    } catch (err) {
      this.notifier.error(err, t('locale.saveFailed'));
      return;
    }
    saveChoice(localStorage, choice);
    location.reload();
  }
}

/** `lang`: a language's own name is read in that language. */
function option(value: string, label: string, lang?: string): HTMLOptionElement {
  return h('option', { value, lang }, label);
}
