import { ValidationError } from '@chat/platform';

/**
 * Where a page of my conversations ended: the last one's activity (microseconds since the epoch,
 * exact, as Postgres keeps it) and its id, the list's order. Opaque to clients (base64url).
 */
export interface ListPosition {
  activityMicros: string;
  conversationId: string;
}

const POSITION = /^(-?\d{1,19})~([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

export function encodeListCursor({ activityMicros, conversationId }: ListPosition): string {
  return Buffer.from(`${activityMicros}~${conversationId}`, 'utf8').toString('base64url');
}

/** The position a cursor this server gave names; 400 VALIDATION_FAILED for anything else. */
export function decodeListCursor(cursor: string): ListPosition {
  const match = POSITION.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw new ValidationError([{ field: 'cursor', problem: 'is not a cursor this server gave (use nextCursor as it came)' }]);
  return { activityMicros: match[1], conversationId: match[2] };
}
