/**
 * Pages through rows by keyset: `fetch(after)` answers at most `limit` rows that follow the key
 * `after` (null: from the start), in key order; the last row's key is the next page's `after`.
 * Stops at a short page, so memory is one page however many rows there are.
 */
export async function* keysetPages<Row, Key>(limit: number, keyOf: (row: Row) => Key, fetch: (after: Key | null) => Promise<Row[]>): AsyncGenerator<Row[]> {
  let after: Key | null = null;
  for (;;) {
    const page = await fetch(after);
    if (page.length > 0) yield page;
    if (page.length < limit) return;
    after = keyOf(page[page.length - 1]);
  }
}
