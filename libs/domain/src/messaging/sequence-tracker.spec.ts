import { SequenceTracker } from './sequence-tracker';

describe('SequenceTracker', () => {
  it('accepts each seq once, in order, per conversation', () => {
    const t = new SequenceTracker();
    expect(t.observe('a', 1)).toEqual({ kind: 'next' });
    expect(t.observe('a', 1)).toEqual({ kind: 'duplicate' });
    expect(t.observe('b', 1)).toEqual({ kind: 'next' });
    expect(t.observe('a', 2)).toEqual({ kind: 'next' });
    expect(t.last('a')).toBe(2);
  });
  it('reports the missing range when a seq skips ahead, without advancing', () => {
    const t = new SequenceTracker();
    t.advanceTo('a', 3);
    expect(t.observe('a', 7)).toEqual({ kind: 'gap', missingFrom: 4, missingTo: 6 });
    expect(t.last('a')).toBe(3);
  });
  it('never moves backwards', () => {
    const t = new SequenceTracker();
    t.advanceTo('a', 5);
    t.advanceTo('a', 2);
    expect(t.last('a')).toBe(5);
  });
});
