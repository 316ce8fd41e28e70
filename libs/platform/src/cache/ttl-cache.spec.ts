import { TtlCache } from './ttl-cache';

function setup(ttlMs: number, maxKeys = 10) {
  const clock = { t: 1_000, now() { return this.t; } };
  const loads: string[] = [];
  let fail = false;
  const cache = new TtlCache<string>(clock, ttlMs, maxKeys, async (key) => {
    loads.push(key);
    if (fail) throw new Error('down');
    return `${key}@${clock.t}`;
  });
  return { clock, loads, cache, failNext: (f: boolean) => (fail = f) };
}

describe('TtlCache', () => {
  it('loads a key once within the TTL and again after it', async () => {
    const { clock, loads, cache } = setup(5_000);
    expect(await cache.get('t1')).toBe('t1@1000');
    clock.t += 4_999;
    expect(await cache.get('t1')).toBe('t1@1000');
    clock.t += 1;
    expect(await cache.get('t1')).toBe('t1@6000');
    expect(loads).toEqual(['t1', 't1']);
  });

  it('shares one load between callers that ask while it runs', async () => {
    const { loads, cache } = setup(5_000);
    await Promise.all([cache.get('t1'), cache.get('t1'), cache.get('t1')]);
    expect(loads).toEqual(['t1']);
  });

  it('keeps nothing with a TTL of 0', async () => {
    const { loads, cache } = setup(0);
    await cache.get('t1');
    await cache.get('t1');
    expect(loads).toEqual(['t1', 't1']);
    expect(cache.size).toBe(0);
  });

  it('reloads a key at once after invalidate', async () => {
    const { loads, cache } = setup(60_000);
    await cache.get('t1');
    cache.invalidate('t1');
    await cache.get('t1');
    expect(loads).toEqual(['t1', 't1']);
  });

  it('keeps at most maxKeys, dropping the least recently loaded', async () => {
    const { loads, cache } = setup(60_000, 2);
    await cache.get('a');
    await cache.get('b');
    await cache.get('c');
    expect(cache.size).toBe(2);
    await cache.get('b');
    await cache.get('a');
    expect(loads).toEqual(['a', 'b', 'c', 'a']);
  });

  it('does not keep a failed load', async () => {
    const { loads, cache, failNext } = setup(60_000);
    failNext(true);
    await expect(cache.get('t1')).rejects.toThrow('down');
    failNext(false);
    expect(await cache.get('t1')).toBe('t1@1000');
    expect(loads).toEqual(['t1', 't1']);
  });
});
