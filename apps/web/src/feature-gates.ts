import type { FeatureKey, FeaturesUpdatedFrame, MyFeaturesResponse } from '@chat/contracts';
import type { SessionApi } from './session-api';

/** The controls each feature flag shows by element id: hidden while the flag is off for me (the server refuses them with FEATURE_DISABLED anyway). */
const CONTROLS: Partial<Record<FeatureKey, string[]>> = {
  businesses: ['business-button'],
};

/**
 * Which features are on for me: the one answer the client's parts ask (message controls, pins,
 * the typing reporter), read from GET /v1/me/features at login, after every reconnect and after
 * an administrator changes a flag (FeatureRefresh). Until it answers, and when it fails, every
 * feature counts as on: the server still decides, and refuses what is off.
 */
export class MyFeatures {
  private off = new Set<FeatureKey>();
  private readonly listeners: (() => void)[] = [];
  /** Questions asked of the server, and the latest of them answered: answers may come back out of order. */
  private asked = 0;
  private answered = 0;

  isOn(key: FeatureKey): boolean {
    return !this.off.has(key);
  }

  /** The features that are off for me, in the server's order. */
  offKeys(): FeatureKey[] {
    return [...this.off];
  }

  /** `listener` runs each time the answer changes what is on, so parts drawn before it came draw again. */
  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  /**
   * Asks the server what is on for me now. An answer that comes back after a later question's
   * (a reconnect's and a flag change's at once) is dropped: it predates the one applied.
   */
  async read(api: Pick<SessionApi, 'myFeatures'>): Promise<void> {
    const asked = ++this.asked;
    const { features } = await api.myFeatures();
    if (asked < this.answered) return;
    this.answered = asked;
    this.set(features);
  }

  /** The server's answer; keys it does not list (an older server) stay on. */
  set(features: Partial<MyFeaturesResponse['features']>): void {
    const off = new Set((Object.entries(features) as [FeatureKey, boolean][]).filter(([, on]) => !on).map(([key]) => key));
    const changed = off.size !== this.off.size || [...off].some((key) => !this.off.has(key));
    this.off = off;
    if (changed) for (const listener of this.listeners) listener();
  }
}

/**
 * Reads GET /v1/me/features into `features`, hides the controls of the page that are off and lists
 * those in `<html data-features-off>`; a failure leaves everything shown.
 */
export async function applyFeatureGates(api: Pick<SessionApi, 'myFeatures'>, features: MyFeatures): Promise<void> {
  await features.read(api);
  for (const [key, ids] of Object.entries(CONTROLS) as [FeatureKey, string[]][]) {
    for (const id of ids) {
      const control = document.getElementById(id);
      if (control) control.hidden = !features.isOn(key);
    }
  }
  document.documentElement.dataset.featuresOff = features.offKeys().join(' ');
}

/**
 * Asks what is on for me again when an administrator changed a flag (`features.updated`), at a
 * random moment in the window the frame gives: not sooner, when a server could still answer the
 * old state, and not in the same instant as every other device of the chat. A later change moves
 * a pending ask into its own window, so the answer never predates the latest change.
 */
export class FeatureRefresh {
  private pending: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly refresh: () => void,
    private readonly random: () => number = Math.random,
  ) {}

  flagChanged({ refreshAfterMs, refreshSpreadMs }: Pick<FeaturesUpdatedFrame, 'refreshAfterMs' | 'refreshSpreadMs'>): void {
    clearTimeout(this.pending);
    this.pending = setTimeout(() => {
      this.pending = undefined;
      this.refresh();
    }, refreshAfterMs + Math.floor(this.random() * refreshSpreadMs));
  }

  /** At logout: nothing is asked for a page that no longer has a login. */
  stop(): void {
    clearTimeout(this.pending);
    this.pending = undefined;
  }
}
