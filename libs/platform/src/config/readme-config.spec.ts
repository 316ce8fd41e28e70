import { readFileSync } from 'node:fs';
import path from 'node:path';
import { configVariableNames } from './app-config';

/** The README's configuration table is the user's only list of settings: it must name every one. */
describe('README configuration table', () => {
  it('documents every environment variable the configuration reads (app-config and the readers it calls)', () => {
    const readme = readFileSync(path.resolve(__dirname, '../../../../README.md'), 'utf8');
    const variables = configVariableNames();
    expect(variables).toEqual(expect.arrayContaining(['PORT', 'MEDIA_MAX_BYTES', 'NOTIFICATION_DELAY_MS', 'LOAD_SHED_LOOP_PERCENT']));
    expect(variables.filter((name) => !readme.includes(`\`${name}\``))).toEqual([]);
  });
});
