/**
 * The languages the product ships (the web client's catalogs and the server's notification
 * texts), by code; the first is the fallback for anything else. Server validation and the web
 * client's language menu both read this list.
 */
export const LOCALES = ['en', 'de'] as const;

export type Locale = (typeof LOCALES)[number];

export function isLocale(value: unknown): value is Locale {
  return (LOCALES as readonly unknown[]).includes(value);
}

/**
 * My language and time zone, kept with the account so a new browser and the notifications the
 * server writes (push, email) use them. Null: not chosen (clients follow the browser; the server
 * writes English).
 *
 * `GET /v1/me` carries them as `preferences`;
 * `PATCH /v1/me/preferences` {@link UpdatePreferencesRequest} → {@link PreferencesResponse}: changes
 * only the fields given, null clears one; an unknown locale or a time zone that is not an IANA name
 * is 400 `VALIDATION_FAILED` naming the field.
 */
export interface UserPreferences {
  locale: Locale | null;
  /** An IANA time zone name (`Europe/Berlin`), as Intl names it. */
  timeZone: string | null;
}

export type UpdatePreferencesRequest = Partial<UserPreferences>;

export interface PreferencesResponse {
  preferences: UserPreferences;
}
