import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The README's configuration table is the user's only list of settings: it must name every one. */
describe('README configuration table', () => {
  it('documents every environment variable the configuration reads', () => {
    const source = readFileSync(path.join(__dirname, 'app-config.ts'), 'utf8');
    const readme = readFileSync(path.resolve(__dirname, '../../../../README.md'), 'utf8');
    const variables = [...source.matchAll(/\br\.\w+\('([A-Z][A-Z0-9_]+)'/g)].map((m) => m[1]);
    expect(variables.length).toBeGreaterThan(40);
    expect(variables.filter((name) => !readme.includes(`\`${name}\``))).toEqual([]);
  });
});
