import { storableJson } from './storable-json';

describe('storableJson', () => {
  it('replaces NUL and lone surrogates in every string, keys and nesting aside, and keeps the rest', () => {
    const json = storableJson({ q: 'a\u0000b', nested: [{ cut: `${'x'.repeat(3)}\uD83D` }], emoji: '😀', n: 1, none: null });
    expect(JSON.parse(json)).toEqual({ q: 'a\uFFFDb', nested: [{ cut: 'xxx\uFFFD' }], emoji: '😀', n: 1, none: null });
    expect(json).not.toMatch(/\\u0000|\\ud83d"/i);
  });
});
