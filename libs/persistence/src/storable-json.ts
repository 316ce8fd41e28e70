/**
 * `value` as JSON that a jsonb column takes whatever its strings hold: Postgres refuses the escape
 * of NUL (\u0000) and of a lone surrogate, and the whole statement with it. Each becomes U+FFFD.
 * For records written after the work they describe (the audit log), where a refusal would turn a
 * done request into a failed one; input that is stored as data is validated at the door instead.
 */
export function storableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' ? v.toWellFormed().replaceAll('\u0000', '\uFFFD') : v));
}
