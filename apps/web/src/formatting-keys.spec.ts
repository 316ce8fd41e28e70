import { toggleMark } from './formatting-keys';

describe('toggleMark', () => {
  it('wraps the selected words, keeping them selected', () => {
    expect(toggleMark({ value: 'ship it now', start: 5, end: 7 }, '**')).toEqual({ value: 'ship **it** now', start: 7, end: 9 });
  });

  it('puts the pair in with the caret between when nothing is selected', () => {
    expect(toggleMark({ value: 'say ', start: 4, end: 4 }, '_')).toEqual({ value: 'say __', start: 5, end: 5 });
  });

  it('unwraps words the mark is around already, so the shortcut toggles', () => {
    const bold = toggleMark({ value: 'ship it now', start: 5, end: 7 }, '**');
    expect(toggleMark(bold, '**')).toEqual({ value: 'ship it now', start: 5, end: 7 });
    // Another mark around them is kept, and the new one goes inside it.
    expect(toggleMark({ value: 'a _b_ c', start: 3, end: 4 }, '**')).toEqual({ value: 'a _**b**_ c', start: 5, end: 6 });
  });
});
