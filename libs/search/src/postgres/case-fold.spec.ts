import { MARK_END, MARK_START } from '@chat/platform';
import { foldForSearch, restoreCase } from './case-fold';

const marked = (word: string) => `${MARK_START}${word}${MARK_END}`;

describe('foldForSearch', () => {
  it('lowercases every script and turns < and & into spaces, keeping the length', () => {
    const text = 'Привет CAFÉ <b>Ωmega</b> & ΣΊΣΥΦΟΣ 👋';
    const folded = foldForSearch(text);
    expect(folded).toBe('привет café  b>ωmega /b>   σίσυφοσ 👋');
    expect(folded.length).toBe(text.length);
  });

  it('folds ASCII text the same way', () => {
    expect(foldForSearch('Deploy <b>NOW</b> & Tell OPS-42')).toBe('deploy  b>now /b>   tell ops-42');
  });

  it('keeps a character whose lowercase would change the length (Turkish dotted İ)', () => {
    expect(foldForSearch('İstanbul')).toBe('İstanbul');
  });
});

describe('restoreCase', () => {
  it('puts the original characters back around the markers', () => {
    const original = 'Say <b>Привет</b> to the OnCall team & "ops"';
    const headline = foldForSearch(original).replace('oncall', marked('oncall')).replace('привет', marked('привет'));
    expect(restoreCase(headline, original)).toBe(`Say <b>${marked('Привет')}</b> to the ${marked('OnCall')} team & "ops"`);
  });

  it('maps an excerpt from the middle of the body', () => {
    const original = 'First sentence here. Then the KEY point, and more after it.';
    const excerpt = `the ${marked('key')} point, and`;
    expect(restoreCase(excerpt, original)).toBe(`the ${marked('KEY')} point, and`);
  });

  it('answers the folded excerpt when it cannot be found in the original', () => {
    expect(restoreCase(`${marked('word')} elsewhere`, 'Nothing alike')).toBe(`${marked('word')} elsewhere`);
  });
});
