import { times, kb, ms, num } from './format';
import { markdownTable } from './markdown';

describe('markdownTable', () => {
  it('pads columns, right-aligns figures and escapes pipes', () => {
    expect(markdownTable(['metric', 'ours'], [['p99 | all', '12 ms'], ['rate', '1,000']])).toBe(
      ['| metric     |  ours |', '|:-----------|------:|', '| p99 \\| all | 12 ms |', '| rate       | 1,000 |'].join('\n'),
    );
  });
});

describe('cell formats', () => {
  it('formats figures for reading', () => {
    expect(num(12345.678)).toBe('12,346');
    expect(ms(3.14159)).toBe('3.14 ms');
    expect(ms(42.42)).toBe('42.4 ms');
    expect(ms(420.4)).toBe('420 ms');
    expect(kb(20 * 1024)).toBe('20.0 KB');
    expect(times(0.756)).toBe('0.76×');
    expect(times(null)).toBe('–');
  });
});
