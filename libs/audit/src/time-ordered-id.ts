import { v7 as uuidv7 } from 'uuid';

/** A UUIDv7 of `at`: audit ids sort by the time they name. */
export function timeOrderedId(at: Date): string {
  return uuidv7({ msecs: at.getTime() });
}

/** The smallest UUIDv7 of `at`'s millisecond: `id >= idFloor(t)` is "at or after t" on the primary key. */
export function idFloor(at: Date): string {
  const hex = Math.max(0, at.getTime()).toString(16).padStart(12, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7000-8000-000000000000`;
}
