import { DraftStore } from './draft-store';
import { memoryStorage, refusingStorage } from './testing/fake-storage';

const KEY = 'chat.drafts.v1';
const ann = { userId: 'u-ann', name: 'Ann Lee' };
const bo = { userId: 'u-bo', name: 'Bo' };

describe('DraftStore', () => {
  it('gives the same user their drafts back in a new page, per conversation, with who was picked in each', () => {
    const storage = memoryStorage();
    const before = new DraftStore('alice', storage);
    before.set('c1', { text: 'half a thought for @Ann Lee and @Bo', picks: [ann, bo] });
    before.set('c2', { text: 'another', picks: [] });
    before.set('c2', { text: '', picks: [] });
    before.set('c3', { text: '', picks: [ann] });
    const after = new DraftStore('alice', storage);
    expect(after.get('c1')).toEqual({ text: 'half a thought for @Ann Lee and @Bo', picks: [ann, bo] });
    expect(after.get('c2')).toEqual({ text: '', picks: [] });
    expect(after.get('c3')).toEqual({ text: '', picks: [] });
  });

  it('reads the drafts a page of the previous release kept (text only) as drafts with nobody picked', () => {
    const storage = memoryStorage();
    storage.items.set(KEY, JSON.stringify({ userId: 'alice', drafts: { c1: 'typed before the update' } }));
    const drafts = new DraftStore('alice', storage);
    expect(drafts.get('c1')).toEqual({ text: 'typed before the update', picks: [] });

    drafts.set('c2', { text: 'hi @Bo', picks: [bo] });
    const after = new DraftStore('alice', storage);
    expect([after.get('c1'), after.get('c2')]).toEqual([
      { text: 'typed before the update', picks: [] },
      { text: 'hi @Bo', picks: [bo] },
    ]);
  });

  it('drops another account’s drafts unseen, picks and all, so the next login of their owner finds none either', () => {
    const storage = memoryStorage();
    new DraftStore('alice', storage).set('c1', { text: 'private words for @Bo', picks: [bo] });
    expect(new DraftStore('bob', storage).get('c1')).toEqual({ text: '', picks: [] });
    expect(storage.items.size).toBe(0);
    expect(new DraftStore('alice', storage).get('c1')).toEqual({ text: '', picks: [] });

    storage.items.set(KEY, JSON.stringify({ userId: 'alice', drafts: { c1: 'old-format words' } }));
    expect(new DraftStore('bob', storage).get('c1')).toEqual({ text: '', picks: [] });
    expect(storage.items.size).toBe(0);
  });

  it.each([
    ['not JSON', '{not json'],
    ['no user', JSON.stringify({ drafts: { c1: 'x' } })],
    ['drafts not an object', JSON.stringify({ userId: 'alice', drafts: 'x' })],
    ['a draft neither text nor an object', JSON.stringify({ userId: 'alice', drafts: { c1: 'x', c2: 7 } })],
    ['a draft without text', JSON.stringify({ userId: 'alice', drafts: { c1: { picks: [] } } })],
    ['a draft without picks', JSON.stringify({ userId: 'alice', drafts: { c1: { text: 'x' } } })],
    ['picks not a list', JSON.stringify({ userId: 'alice', drafts: { c1: { text: 'x', picks: { userId: 'u-bo', name: 'Bo' } } } })],
    ['a pick without a name', JSON.stringify({ userId: 'alice', drafts: { c1: { text: 'x', picks: [{ userId: 'u-bo' }] } } })],
    ['a pick whose id is not text', JSON.stringify({ userId: 'alice', drafts: { c1: { text: 'x', picks: [{ userId: 7, name: 'Bo' }] } } })],
    ['a pick that is null', JSON.stringify({ userId: 'alice', drafts: { c1: { text: 'x', picks: [null] } } })],
  ])('drops what it cannot read (%s) and keeps working', (_, junk) => {
    const storage = memoryStorage();
    storage.items.set(KEY, junk);
    const drafts = new DraftStore('alice', storage);
    expect(drafts.get('c1')).toEqual({ text: '', picks: [] });
    drafts.set('c3', { text: 'fresh', picks: [bo] });
    expect(new DraftStore('alice', storage).get('c3')).toEqual({ text: 'fresh', picks: [bo] });
  });

  it('drops for good the kept drafts of conversations no longer in my list, not those in it nor those begun in this page', () => {
    const storage = memoryStorage();
    const before = new DraftStore('alice', storage);
    before.set('c-still-mine', { text: 'stays', picks: [] });
    before.set('c-lost', { text: 'for @Bo, in a group I was removed from meanwhile', picks: [bo] });
    const drafts = new DraftStore('alice', storage);
    drafts.set('c-just-made', { text: 'newer than the list', picks: [] });

    expect(drafts.restoredConversations().sort()).toEqual(['c-lost', 'c-still-mine']);
    drafts.forgetRestoredOutside(new Set(['c-still-mine']));
    const after = new DraftStore('alice', storage);
    expect([after.get('c-still-mine').text, after.get('c-lost'), after.get('c-just-made').text]).toEqual(['stays', { text: '', picks: [] }, 'newer than the list']);
  });

  it('clears everything on clear(), and keeps working in the page when storage refuses', () => {
    const storage = memoryStorage();
    const drafts = new DraftStore('alice', storage);
    drafts.set('c1', { text: 'x', picks: [bo] });
    drafts.clear();
    expect(storage.items.size).toBe(0);

    const inPage = new DraftStore('alice', refusingStorage());
    inPage.set('c1', { text: 'kept here @Bo', picks: [bo] });
    expect(inPage.get('c1')).toEqual({ text: 'kept here @Bo', picks: [bo] });
  });
});
