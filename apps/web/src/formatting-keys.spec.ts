import { toggleMark } from './formatting-keys';

describe('toggleMark', () => {
  it('wraps the selected words, keeping them selected', () => {
    expect(toggleMark({ value: 'ship it now', start: 5, end: 7 }, '**')).toEqual({ value: 'ship **it** now', start: 7, end: 9 });
  });

  it('puts the pair in with the caret between when nothing is selected', () => {
    expect(toggleMark({ value: 'say ', start: 4, end: 4 }, '*')).toEqual({ value: 'say **', start: 5, end: 5 });
  });

  it('unwraps words the mark is around already, so the shortcut toggles', () => {
    const bold = toggleMark({ value: 'ship it now', start: 5, end: 7 }, '**');
    expect(toggleMark(bold, '**')).toEqual({ value: 'ship it now', start: 5, end: 7 });
    // Another mark around them is kept, and the new one goes inside it.
    expect(toggleMark({ value: 'a _b_ c', start: 3, end: 4 }, '**')).toEqual({ value: 'a _**b**_ c', start: 5, end: 6 });
  });

  it('tells bold from italic, which share "*": each toggles alone, and both are "***"', () => {
    const bold = toggleMark({ value: 'a b c', start: 2, end: 3 }, '**');
    expect(toggleMark(bold, '*')).toEqual({ value: 'a ***b*** c', start: 5, end: 6 });
    expect(toggleMark(toggleMark(bold, '*'), '*')).toEqual(bold);
    expect(toggleMark(toggleMark(bold, '*'), '**')).toEqual({ value: 'a *b* c', start: 3, end: 4 });
    expect(toggleMark({ value: 'a *b* c', start: 3, end: 4 }, '*')).toEqual({ value: 'a b c', start: 2, end: 3 });
  });

  it('leaves spaces at the selection’s edges outside the mark', () => {
    expect(toggleMark({ value: 'ship it now', start: 5, end: 8 }, '**')).toEqual({ value: 'ship **it** now', start: 7, end: 9 });
    expect(toggleMark({ value: 'ship it now', start: 4, end: 7 }, '*')).toEqual({ value: 'ship *it* now', start: 6, end: 8 });
  });

  it('makes code over several lines a code block, and takes it off again', () => {
    const block = toggleMark({ value: 'run:\nmake\nmake test', start: 5, end: 19 }, '`');
    expect(block).toEqual({ value: 'run:\n```make\nmake test```', start: 8, end: 22 });
    expect(toggleMark(block, '`')).toEqual({ value: 'run:\nmake\nmake test', start: 5, end: 19 });
  });
});
