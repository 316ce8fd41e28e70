/**
 * Names and avatars from the organisation's main service ("kaha-main-v3", seed 004 R3, R9, R10,
 * R11), on when PROFILE_SOURCE_URL is set. The main service is the identity provider, so a person's
 * id there is their SSO subject (`sub`), and a profile reaches the accounts linked to it here.
 * Fetched profiles are applied to those accounts as a rename is (a `user.updated` frame when the
 * name or avatar changed); each subject is fetched again after PROFILE_CACHE_TTL_SECONDS at the
 * earliest, and while the main service is down accounts keep what they had.
 */

/**
 * What this server sends: `POST <PROFILE_SOURCE_URL>/api/batch/profiles` with
 * `Authorization: Bearer <PROFILE_SOURCE_TOKEN>`, at most PROFILE_SOURCE_BATCH_MAX ids per call.
 */
export interface ProfileSourceBatchRequest {
  ids: string[];
}

/** What the main service answers (200): the profiles it knows; an id it does not know is simply absent. */
export interface ProfileSourceBatchResponse {
  profiles: SourceProfile[];
}

export interface SourceProfile {
  /** The person's id at the main service: the SSO subject. */
  id: string;
  /** Their name; an empty one leaves the accounts' names as they are. Longer than DISPLAY_NAME_MAX_CHARS: cut there. */
  name: string;
  /** An http(s) URL of at most PROFILE_AVATAR_URL_MAX_CHARS, or null for none; anything else is ignored (logged). */
  avatarUrl: string | null;
}

/** The longest avatar URL kept. */
export const PROFILE_AVATAR_URL_MAX_CHARS = 2048;

/**
 * What the main service calls when profiles changed there: `POST /v1/internal/profile-updates`
 * with `Authorization: Bearer <PROFILE_SOURCE_TOKEN>` (else 401 UNAUTHENTICATED) and 1 ..
 * PROFILE_SOURCE_BATCH_MAX ids (else 400 VALIDATION_FAILED). Their cached entries are dropped and
 * fetched again at once, in one batch call → 200 {@link ProfileUpdatesResponse}. The source not
 * answering that call: 503 SERVICE_UNAVAILABLE (the entries stay dropped, so the next login or
 * refresh fetches them). Without PROFILE_SOURCE_URL: 404 PROFILE_SOURCE_NOT_CONFIGURED.
 */
export interface ProfileUpdatesRequest {
  ids: string[];
}

export interface ProfileUpdatesResponse {
  /** Ids the main service answered with a profile. */
  fetched: number;
  /** Accounts here whose name or avatar changed (and were announced). */
  accountsUpdated: number;
}
