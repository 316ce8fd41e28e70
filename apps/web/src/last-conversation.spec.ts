import { LastConversation } from './last-conversation';
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
