import { DueIndex } from './due-index';

describe('DueIndex', () => {
  it('hands out the keys whose deadline has come, earliest first, up to the limit, each once', () => {
    const due = new DueIndex();
    due.set('c', 30);
    due.set('a', 10);
    due.set('b', 20);
    due.set('later', 100);
    expect(due.claim(25, 10)).toEqual(['a', 'b']);
    expect(due.claim(25, 10)).toEqual([]);
    expect(due.claim(40, 10)).toEqual(['c']);
  });

  it('follows a deadline moved later, earlier, or cleared', () => {
    const due = new DueIndex();
    due.set('moved-later', 10);
    due.set('moved-later', 50);
    due.set('moved-earlier', 40);
    due.set('moved-earlier', 5);
    due.set('cleared', 1);
    due.set('cleared', null);
    expect(due.claim(20, 10)).toEqual(['moved-earlier']);
    expect(due.claim(60, 10)).toEqual(['moved-later']);
    expect(due.claim(1_000, 10)).toEqual([]);
  });

  it('answers as a scan of every deadline would, over many moves (the heap rebuilt on the way)', () => {
    const due = new DueIndex();
    const model = new Map<string, number>();
    let seed = 7;
    const random = (n: number) => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) % n);
    let now = 0;
    for (let step = 0; step < 20_000; step++) {
      const key = `k${random(300)}`;
      const deadline = random(10) === 0 ? null : now + random(1_000);
      due.set(key, deadline);
      if (deadline === null) model.delete(key);
      else model.set(key, deadline);
      if (step % 50 === 0) {
        now += random(200);
        const limit = 1 + random(40);
        const expected = [...model].filter(([, at]) => at <= now).sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1)).slice(0, limit);
        const claimed = due.claim(now, limit);
        // Among equal deadlines either order is right: compare the deadlines, then the sets of keys.
        expect(claimed.map((k) => model.get(k))).toEqual(expected.map(([, at]) => at));
        const lastAt = expected[expected.length - 1]?.[1];
        const sure = expected.filter(([, at]) => at !== lastAt).map(([k]) => k);
        expect(claimed).toEqual(expect.arrayContaining(sure));
        for (const k of claimed) model.delete(k);
      }
    }
  });
});
