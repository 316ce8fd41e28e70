import { catalogProblems } from './catalog-parity';

describe('catalogProblems', () => {
  const english = { hello: 'Hello, {name}', count: '{n, plural, one {# item} other {# items}}' };

  it('accepts a translation with the same keys and parameters', () => {
    expect(catalogProblems(english, { hello: 'Hallo, {name}', count: '{n, plural, one {# Eintrag} other {# Einträge}}' })).toEqual([]);
  });

  it('names missing and extra keys, other parameters and texts that do not parse', () => {
    expect(catalogProblems(english, { hello: 'Hallo, {nom}', extra: 'x' })).toEqual(['count: missing', 'extra: not in the reference', 'hello: uses {nom}, the reference {name}']);
    expect(catalogProblems(english, { hello: 'Hallo, {name', count: '{n}' })[0]).toMatch(/^hello: message /);
  });
});
