/**
 * A list of UUIDs as one Postgres array literal (`{a,b}`), for a statement that takes one uuid[]
 * per input row: an array of arrays does not unnest row by row, so each row's list goes in a
 * text[] parameter and the statement casts it (`::uuid[]`). The ids must be validated UUIDs: they
 * are joined as they are.
 */
export function uuidArrayLiteral(ids: readonly string[]): string {
  return `{${ids.join(',')}}`;
}
