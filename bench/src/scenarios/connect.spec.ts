import { idleMemoryVerdict } from './connect';

describe('idleMemoryVerdict', () => {
  it('meets the 20 KB target only with a positive reading at or under it', () => {
    expect(idleMemoryVerdict(12_000)).toBe('MET');
    expect(idleMemoryVerdict(20 * 1024)).toBe('MET');
    expect(idleMemoryVerdict(20 * 1024 + 1)).toBe('NOT MET');
    expect(idleMemoryVerdict(null)).toBe('NOT MET');
  });

  it('refuses a reading where the memory fell, instead of calling it met', () => {
    expect(idleMemoryVerdict(-4_900)).toMatch(/not measured/);
    expect(idleMemoryVerdict(0)).toMatch(/not measured/);
  });
});
