/**
 * The IANA name Intl gives `zone`, in its canonical spelling (`europe/berlin` → `Europe/Berlin`),
 * or null when Intl knows no such zone. Newer engines also accept UTC offsets (`+01:00`), which
 * are not names and would not follow daylight saving time: null for those too.
 */
export function ianaTimeZone(zone: string): string | null {
  try {
    const name = new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;
    return /^[+-]/.test(name) ? null : name;
  } catch {
    return null;
  }
}
