/**
 * The smallest UUIDv7 of `at`'s millisecond. Every id the product makes (messages, events, audit
 * entries) is a UUIDv7, so `id < idFloor(t)` is "made before t" and a time range is a primary-key range.
 */
export function idFloor(at: Date): string {
  const hex = Math.max(0, at.getTime()).toString(16).padStart(12, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7000-8000-000000000000`;
}
