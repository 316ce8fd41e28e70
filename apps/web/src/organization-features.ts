import type { FeatureFlagState } from '@chat/contracts';
import { h } from './dom';
import type { SessionApi } from './session-api';
import { t } from './i18n/active-locale';

/**
 * The Organization dialog's feature flags: each one on or off and the share of people it is
 * rolled out to. A save replaces the flag's whole state, so the per-person overrides (set
 * through the API) are sent back as they are.
 */
export class OrganizationFeatures {
  constructor(
    private readonly api: SessionApi,
    private readonly list: HTMLUListElement,
    private readonly act: (work: () => Promise<void>) => Promise<void>,
  ) {}

  async refresh(): Promise<void> {
    const { features } = await this.api.featureFlags();
    this.list.replaceChildren(...features.map((f) => this.row(f)));
  }

  private row(flag: FeatureFlagState): HTMLLIElement {
    const enabled = h('input', { type: 'checkbox', 'aria-label': t('features.onLabel', { flag: flag.description }) });
    enabled.checked = flag.enabled;
    const percent = h('input', { type: 'number', min: 0, max: 100, step: 1, value: flag.rolloutPercent, class: 'rollout-percent', 'aria-label': t('features.shareLabel', { flag: flag.description }) });
    const save = h('button', { type: 'button', class: 'button small' }, t('markup.save'));
    const saved = h('span', { class: 'muted small-text', role: 'status' });
    save.addEventListener('click', () => void this.act(async () => {
      await this.api.setFeatureFlag(flag.key, { enabled: enabled.checked, rolloutPercent: Number(percent.value), overrides: flag.overrides });
      saved.textContent = t('features.saved');
    }));
    return h(
      'li',
      { class: 'organization-feature', 'data-key': flag.key },
      h('label', {}, enabled, ` ${flag.description}`),
      ' ',
      h('label', { class: 'small-text' }, t('features.for'), percent, t('features.percentOfPeople')),
      flag.overrides.length ? h('span', { class: 'muted small-text' }, ` ${t('features.perPerson', { count: flag.overrides.length })}`) : null,
      ' ',
      save,
      ' ',
      saved,
    );
  }
}
