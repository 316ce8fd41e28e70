import type { FeatureKey } from '@chat/contracts';
import type { SessionApi } from './session-api';

/** The controls each feature flag shows: hidden while the flag is off for me (the server refuses them with FEATURE_DISABLED anyway). */
const CONTROLS: Partial<Record<FeatureKey, string[]>> = {
  businesses: ['business-button'],
};

/** Reads GET /v1/me/features and hides what is off; a failure leaves everything shown (the server still decides). */
export async function applyFeatureGates(api: SessionApi): Promise<void> {
  const { features } = await api.myFeatures();
  for (const [key, ids] of Object.entries(CONTROLS) as [FeatureKey, string[]][]) {
    for (const id of ids) {
      const control = document.getElementById(id);
      if (control) control.hidden = !features[key];
    }
  }
  document.documentElement.dataset.featuresOff = Object.entries(features).filter(([, on]) => !on).map(([key]) => key).join(' ');
}
