import type { FeatureFlagState } from '@chat/contracts';
import { h } from './dom';
import type { SessionApi } from './session-api';

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
    const enabled = h('input', { type: 'checkbox', 'aria-label': `${flag.description}: on` });
    enabled.checked = flag.enabled;
    const percent = h('input', { type: 'number', min: 0, max: 100, step: 1, value: flag.rolloutPercent, class: 'rollout-percent', 'aria-label': `${flag.description}: share of people, percent` });
    const save = h('button', { type: 'button', class: 'button small' }, 'Save');
    const saved = h('span', { class: 'muted small-text', role: 'status' });
    save.addEventListener('click', () => void this.act(async () => {
      await this.api.setFeatureFlag(flag.key, { enabled: enabled.checked, rolloutPercent: Number(percent.value), overrides: flag.overrides });
      saved.textContent = 'Saved.';
    }));
    return h(
      'li',
      { class: 'organization-feature', 'data-key': flag.key },
      h('label', {}, enabled, ` ${flag.description}`),
      ' ',
      h('label', { class: 'small-text' }, 'for ', percent, ' % of people'),
      flag.overrides.length ? h('span', { class: 'muted small-text' }, ` (${flag.overrides.length} set per person)`) : null,
      ' ',
      save,
      ' ',
      saved,
    );
  }
}
