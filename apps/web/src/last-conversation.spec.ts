import { LastConversation, firstDefaultChannel } from './last-conversation';
import { memoryStorage, refusingStorage } from './testing/fake-storage';

describe('LastConversation', () => {
  it('remembers per user, so another account on the same browser does not inherit it', () => {
    const storage = memoryStorage();
    new LastConversation('alice', storage).remember('c1');
    expect(new LastConversation('alice', storage).get()).toBe('c1');
    expect(new LastConversation('bob', storage).get()).toBeNull();
    new LastConversation('alice', storage).forget();
    expect(new LastConversation('alice', storage).get()).toBeNull();
  });

  it('remembers nothing, without failing, where storage refuses', () => {
    const last = new LastConversation('alice', refusingStorage());
    expect(() => last.remember('c1')).not.toThrow();
    expect(() => last.forget()).not.toThrow();
    expect(last.get()).toBeNull();
  });
});

describe('firstDefaultChannel', () => {
  const list = [
    { id: 'd1', type: 'direct' as const, name: null },
    { id: 'g1', type: 'group' as const, name: 'general' },
    { id: 'c1', type: 'channel' as const, name: 'Random' },
    { id: 'c2', type: 'channel' as const, name: 'General' },
  ];

  it('is the first default channel, in the setting’s order, that I am in, by channel name whatever its case', () => {
    expect(firstDefaultChannel(list, ['general', 'random'])).toBe('c2');
    expect(firstDefaultChannel(list, ['news', 'random'])).toBe('c1');
  });

  it('is none when I am in none of them, or the setting is off (a group of that name is no channel)', () => {
    expect(firstDefaultChannel(list.slice(0, 2), ['general'])).toBeNull();
    expect(firstDefaultChannel(list, [])).toBeNull();
  });
});
