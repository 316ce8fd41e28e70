import { ValidationError } from '@chat/platform';

/** Where a keyset page ended: its last row's sort key and id (the tie-break). */
export interface PagePosition {
  key: string;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Opaque to clients (base64url of JSON), so the sort key may change without breaking their code. */
export function encodeCursor(position: PagePosition): string {
  return Buffer.from(JSON.stringify([position.key, position.id]), 'utf8').toString('base64url');
}

/** A cursor this route did not hand out is a 400, never a query with a garbage key. */
export function decodeCursor(cursor: string | undefined): PagePosition | null {
  if (cursor === undefined) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2 && typeof parsed[0] === 'string' && typeof parsed[1] === 'string' && UUID.test(parsed[1]) && isStorable(parsed[0])) {
      return { key: parsed[0], id: parsed[1] };
    }
  } catch {
    // not JSON: refused below like any other foreign cursor
  }
  throw new ValidationError([{ field: 'cursor', problem: 'must be a nextCursor this route returned' }]);
}

/** Postgres text holds neither NUL nor lone surrogates: a forged key with them must not reach it. */
function isStorable(key: string): boolean {
  return key.isWellFormed() && !key.includes('\u0000');
}

/** Asks for one row more than the page: its presence says whether another page follows. */
export function toPage<T>(rows: readonly T[], limit: number, position: (last: T) => PagePosition): { page: T[]; nextCursor: string | null; hasMore: boolean } {
  const page = rows.slice(0, limit);
  const hasMore = rows.length > limit;
  return { page, nextCursor: hasMore ? encodeCursor(position(page[page.length - 1])) : null, hasMore };
}
