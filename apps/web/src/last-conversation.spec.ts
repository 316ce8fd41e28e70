import { LastConversation } from './last-conversation';

function memoryStorage(): Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> {
  const items = new Map<string, string>();
  return { getItem: (k) => items.get(k) ?? null, setItem: (k, v) => void items.set(k, v), removeItem: (k) => void items.delete(k) };
}

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
    const refusing = { getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('quota'); }, removeItem: () => { throw new Error('denied'); } };
    const last = new LastConversation('alice', refusing);
    expect(() => last.remember('c1')).not.toThrow();
    expect(() => last.forget()).not.toThrow();
    expect(last.get()).toBeNull();
  });
});
