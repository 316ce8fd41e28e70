import { membersMatching, mentionedIn, mentionQueryAt, mentionSegments, type Mentionable } from './mention-text';

const bob = { userId: 'bob', name: 'Bob Stone' };
const ann = { userId: 'ann', name: 'Ann' };
const annLee = { userId: 'ann-lee', name: 'Ann Lee' };

describe('mentionQueryAt', () => {
  it('finds the "@partial" typed at the start of the text or after whitespace, up to the caret', () => {
    expect(mentionQueryAt('@bo', 3)).toEqual({ start: 0, query: 'bo' });
    expect(mentionQueryAt('lunch with @bo', 14)).toEqual({ start: 11, query: 'bo' });
    expect(mentionQueryAt('line one\n@ca', 12)).toEqual({ start: 9, query: 'ca' });
    // The caret in the middle of the word: what is before it is the query.
    expect(mentionQueryAt('hi @bobby there', 6)).toEqual({ start: 3, query: 'bo' });
  });

  it('finds none for a bare "@", an address, a finished name or a caret away from it', () => {
    expect(mentionQueryAt('@', 1)).toBeNull();
    expect(mentionQueryAt('mail ann@example.org', 20)).toBeNull();
    expect(mentionQueryAt('@Bob Stone ', 11)).toBeNull();
    expect(mentionQueryAt('@bo and more', 12)).toBeNull();
  });
});

describe('membersMatching', () => {
  const members: Mentionable[] = [
    { userId: 'u1', username: 'carol', displayName: 'Carol Bobson' },
    { userId: 'u2', username: 'bstone', displayName: 'Bob Stone' },
    { userId: 'u3', username: 'jose', displayName: 'José Abbott' },
    { userId: 'u4', username: 'ann', displayName: 'Ann Lee' },
    { userId: 'u5', username: 'rob', displayName: 'Robert Jones' },
  ];
  const ids = (query: string, limit = 8) => membersMatching(members, query, limit).map((m) => m.userId);

  it('puts names starting with the query first, then a word starting with it, then names containing it', () => {
    expect(ids('bo')).toEqual(['u2', 'u1', 'u3']);
  });

  it('matches the username too, ignoring case and accents', () => {
    expect(ids('BST')).toEqual(['u2']);
    expect(ids('josé')).toEqual(['u3']);
    expect(ids('jose')).toEqual(['u3']);
  });

  it('offers nobody who does not fit, and no more than the limit', () => {
    expect(ids('zed')).toEqual([]);
    expect(ids('o', 2)).toHaveLength(2);
  });
});

describe('mentionedIn', () => {
  it('keeps the picked members whose "@Display Name" is still in the text, each once', () => {
    expect(mentionedIn('@Bob Stone and @Ann, see @Bob Stone’s plan', [ann, bob])).toEqual(['bob', 'ann']);
  });

  it('drops a member whose name was deleted or changed, or goes on into a longer word', () => {
    expect(mentionedIn('@Bob Ston and @Ann', [bob, ann])).toEqual(['ann']);
    expect(mentionedIn('@Annabel, hi', [ann])).toEqual([]);
    expect(mentionedIn('Bob Stone without the at', [bob])).toEqual([]);
    expect(mentionedIn('', [bob])).toEqual([]);
  });

  it('does not take an email address for a mention', () => {
    expect(mentionedIn('write to team@Ann', [ann])).toEqual([]);
  });
});

describe('mentionSegments', () => {
  it('cuts a body into text and the mentions of the members it names', () => {
    expect(mentionSegments('Hi @Bob Stone, and @Ann!', [bob, ann])).toEqual([
      { text: 'Hi ' },
      { text: '@Bob Stone', userId: 'bob' },
      { text: ', and ' },
      { text: '@Ann', userId: 'ann' },
      { text: '!' },
    ]);
  });

  it('takes the longer of two names that fit, and leaves names of members not mentioned as text', () => {
    expect(mentionSegments('@Ann Lee and @Ann', [ann, annLee])).toEqual([
      { text: '@Ann Lee', userId: 'ann-lee' },
      { text: ' and ' },
      { text: '@Ann', userId: 'ann' },
    ]);
    expect(mentionSegments('@Carol was here', [bob])).toEqual([{ text: '@Carol was here' }]);
  });

  it('keeps markup as plain text and finds names next to any script', () => {
    expect(mentionSegments('<b>@Ann</b>', [ann])).toEqual([{ text: '<b>' }, { text: '@Ann', userId: 'ann' }, { text: '</b>' }]);
    expect(mentionSegments('😀@Ann😀', [ann])).toEqual([{ text: '😀' }, { text: '@Ann', userId: 'ann' }, { text: '😀' }]);
  });
});
