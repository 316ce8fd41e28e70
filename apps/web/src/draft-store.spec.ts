import { DraftStore } from './draft-store';
import { memoryStorage, refusingStorage } from './testing/fake-storage';

describe('DraftStore', () => {
  it('gives the same user their drafts back in a new page, per conversation', () => {
    const storage = memoryStorage();
    const before = new DraftStore('alice', storage);
    before.set('c1', 'half a thought');
    before.set('c2', 'another');
    before.set('c2', '');
    const after = new DraftStore('alice', storage);
    expect(after.get('c1')).toBe('half a thought');
    expect(after.get('c2')).toBe('');
  });

  it('drops another account’s drafts unseen, so the next login of their owner finds none either', () => {
    const storage = memoryStorage();
    new DraftStore('alice', storage).set('c1', 'private words');
    expect(new DraftStore('bob', storage).get('c1')).toBe('');
    expect(new DraftStore('alice', storage).get('c1')).toBe('');
  });

  it('clears everything on clear(), and keeps working in the page when storage refuses or holds junk', () => {
    const storage = memoryStorage();
    const drafts = new DraftStore('alice', storage);
    drafts.set('c1', 'x');
    drafts.clear();
    expect(storage.items.size).toBe(0);

    storage.items.set('chat.drafts.v1', '{not json');
    expect(new DraftStore('alice', storage).get('c1')).toBe('');
    const inPage = new DraftStore('alice', refusingStorage());
    inPage.set('c1', 'kept here');
    expect(inPage.get('c1')).toBe('kept here');
  });
});
