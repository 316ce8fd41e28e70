/**
 * Feature flags (seed 003 R17.4): the features the code can gate, each with its state when a
 * tenant has not set it. A tenant administrator turns a flag on or off, rolls it out to a share
 * of users (a stable hash of the flag's key and the user id, so a user's answer never flickers)
 * and forces it on or off for named users (`overrides` win over everything else).
 */
export const FEATURE_FLAGS = {
  /** Business accounts: `/v1/businesses` and `/v1/me/businesses`, and the web client's Businesses UI. */
  businesses: { defaultEnabled: true, description: 'Business accounts: finding, messaging and running businesses' },
  /** `PUT`/`DELETE …/messages/:messageId/reactions/:emoji` and the reaction controls of the web client. */
  'message-reactions': { defaultEnabled: true, description: 'Reacting to messages with emoji' },
  /** `PUT`/`DELETE …/pins/:messageId` and the pin controls of the web client (the pins already made stay readable). */
  'message-pins': { defaultEnabled: true, description: 'Pinning messages to a conversation' },
  /** The `typing` socket event (and so the typing indicators of everyone the caller talks to). */
  'typing-indicators': { defaultEnabled: true, description: 'Telling a conversation who is typing' },
} as const satisfies Record<string, { defaultEnabled: boolean; description: string }>;

export type FeatureKey = keyof typeof FEATURE_FLAGS;

export const FEATURE_KEYS = Object.keys(FEATURE_FLAGS) as FeatureKey[];

export function isFeatureKey(key: string): key is FeatureKey {
  return Object.prototype.hasOwnProperty.call(FEATURE_FLAGS, key);
}

/** A user forced to one answer, whatever the flag's state and rollout say. */
export interface FeatureOverride {
  userId: string;
  enabled: boolean;
}

/** One flag as the tenant has it (`GET /v1/admin/features`). */
export interface FeatureFlagState {
  key: FeatureKey;
  description: string;
  /** Off: off for everyone but the users forced on. */
  enabled: boolean;
  /** 0–100: the share of users it is on for while enabled (100: everyone). */
  rolloutPercent: number;
  overrides: FeatureOverride[];
  /** False while the tenant has never set it: the registry's default applies. */
  customized: boolean;
  updatedAt: string | null;
}

export interface FeatureFlagsResponse {
  features: FeatureFlagState[];
}

export interface FeatureFlagResponse {
  feature: FeatureFlagState;
}

/** `PUT /v1/admin/features/:key`: the flag's whole state (absent `rolloutPercent`: 100; absent `overrides`: none). */
export interface UpdateFeatureFlagRequest {
  enabled: boolean;
  rolloutPercent?: number;
  overrides?: FeatureOverride[];
}

/** `GET /v1/me/features`: every flag the code knows, evaluated for the caller. */
export interface MyFeaturesResponse {
  features: Record<FeatureKey, boolean>;
}

/**
 * `features.updated` (socket, to every device of the tenant): an administrator changed flag `key`.
 * The frame says only which flag, not what it is for me (that depends on who I am): ask
 * `GET /v1/me/features` again at a random moment between `refreshAfterMs` and `refreshAfterMs +
 * refreshSpreadMs` from now. Not sooner: a process may answer the old state until then. Spread:
 * so that a tenant's clients do not all ask in the same instant.
 */
export interface FeaturesUpdatedFrame {
  key: FeatureKey;
  refreshAfterMs: number;
  refreshSpreadMs: number;
}
