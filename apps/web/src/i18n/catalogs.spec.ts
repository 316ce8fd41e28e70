import { ErrorCode, LOCALES } from '@chat/contracts';
import { catalogProblems } from '@chat/domain';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CATALOGS, isMessageKey } from './catalogs';
import { en } from './en';

const INDEX_HTML = path.resolve(__dirname, '../../public/index.html');

describe('the catalogs', () => {
  // The typecheck catches missing and extra keys too (each catalog is typed Catalog); this also covers a cast or an `any`.
  it.each(LOCALES)('%s has exactly the English keys, its texts parse and use the same parameters', (language) => {
    expect(catalogProblems(en, CATALOGS[language])).toEqual([]);
  });
});

describe('index.html', () => {
  const html = readFileSync(INDEX_HTML, 'utf8');
  const decode = (text: string) => text.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

  it('marks only texts the catalog has, and its English is the catalog’s', () => {
    const problems: string[] = [];
    for (const [tag] of html.matchAll(/<[a-z][^>]*\sdata-i18n[^>]*>/g)) {
      for (const [, attribute, key] of tag.matchAll(/\sdata-i18n(?:-([a-z-]+))?="([^"]*)"/g)) {
        if (!isMessageKey(key)) {
          problems.push(`${key}: not in the catalog`);
          continue;
        }
        const shown = attribute ? new RegExp(`\\s${attribute}="([^"]*)"`).exec(tag)?.[1] : html.slice(html.indexOf(tag) + tag.length).split('<')[0];
        if (shown === undefined || decode(shown) !== en[key]) problems.push(`${key}: markup says ${JSON.stringify(shown)}, the catalog ${JSON.stringify(en[key])}`);
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('error texts', () => {
  const codes = Object.keys(en).filter((key) => key.startsWith('errorCode.')).map((key) => key.slice('errorCode.'.length));

  it('translate only codes the server has', () => {
    expect(codes.filter((code) => !(code in ErrorCode))).toEqual([]);
  });

  // Without one, a reader in another language gets the server's English message for that code.
  it('cover every code the server has', () => {
    expect(Object.values(ErrorCode).filter((code) => !codes.includes(code))).toEqual([]);
  });
});
