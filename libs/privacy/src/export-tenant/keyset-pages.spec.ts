import { keysetPages } from './keyset-pages';

describe('keysetPages', () => {
  const rows = Array.from({ length: 7 }, (_, i) => ({ id: i + 1 }));
  const table = (limit: number) => jest.fn(async (after: number | null) => rows.filter((r) => r.id > (after ?? 0)).slice(0, limit));

  it('hands over every row once, a page at a time, each page asked for after the previous one’s last key', async () => {
    const fetch = table(3);
    const pages: number[][] = [];
    for await (const page of keysetPages(3, (r: { id: number }) => r.id, fetch)) pages.push(page.map((r) => r.id));
    expect(pages).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
    expect(fetch.mock.calls.map(([after]) => after)).toEqual([null, 3, 6]);
  });

  it('asks once more after a full last page, and yields no empty page', async () => {
    const fetch = table(7);
    const pages: number[][] = [];
    for await (const page of keysetPages(7, (r: { id: number }) => r.id, fetch)) pages.push(page.map((r) => r.id));
    expect(pages).toEqual([[1, 2, 3, 4, 5, 6, 7]]);
    expect(fetch).toHaveBeenCalledTimes(2);
  });
});
