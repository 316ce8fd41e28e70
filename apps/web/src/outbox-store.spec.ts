import { OutboxStore, type StoredSend } from './outbox-store';
import { memoryStorage, refusingStorage } from './testing/fake-storage';

const send = (clientMessageId: string, over: Partial<StoredSend> = {}): StoredSend => ({
  clientMessageId,
  conversationId: 'c1',
  body: `body of ${clientMessageId}`,
  attachments: [],
  createdAt: '2026-01-01T10:00:00.000Z',
  queuedAt: '2026-01-01T10:00:00.000Z',
  status: 'waiting',
  ...over,
});

describe('OutboxStore', () => {
  it('gives a new page the same account’s sends back, in the order typed, updated in place', () => {
    const storage = memoryStorage();
    const before = new OutboxStore('alice', storage);
    const voice = send('m1', { attachments: [{ id: 'upload-1', kind: 'voice' }] });
    before.save(voice);
    before.save(send('m2'));
    before.save({ ...voice, status: 'failed', error: 'Not a member.' });
    expect(new OutboxStore('alice', storage).load()).toEqual([{ ...voice, status: 'failed', error: 'Not a member.' }, send('m2')]);
  });

  it('keeps the message a reply answers, and refuses an entry whose replyTo is not an id', () => {
    const storage = memoryStorage();
    new OutboxStore('alice', storage).save(send('m1', { replyTo: 'answered-id' }));
    expect(new OutboxStore('alice', storage).load()).toEqual([send('m1', { replyTo: 'answered-id' })]);
    storage.items.set('chat.outbox.v1.alice', JSON.stringify([send('m1', { replyTo: 42 as unknown as string }), send('m2')]));
    expect(new OutboxStore('alice', storage).load().map((s) => s.clientMessageId)).toEqual(['m2']);
  });

  it('keeps the members a send names, and refuses an entry whose mentions are not ids', () => {
    const storage = memoryStorage();
    new OutboxStore('alice', storage).save(send('m1', { mentions: ['bob', 'carol'] }));
    expect(new OutboxStore('alice', storage).load()).toEqual([send('m1', { mentions: ['bob', 'carol'] })]);
    storage.items.set('chat.outbox.v1.alice', JSON.stringify([send('m1', { mentions: 'bob' as unknown as string[] }), send('m2', { mentions: [7] as unknown as string[] }), send('m3')]));
    expect(new OutboxStore('alice', storage).load().map((s) => s.clientMessageId)).toEqual(['m3']);
  });

  it('keeps each account apart, so nobody else on this browser sees or sends them', () => {
    const storage = memoryStorage();
    new OutboxStore('alice', storage).save(send('m1'));
    expect(new OutboxStore('bob', storage).load()).toEqual([]);
    expect(new OutboxStore('alice', storage).load()).toHaveLength(1);
  });

  it('changes only its own entry, so two tabs of the account do not undo each other', () => {
    const storage = memoryStorage();
    const tabA = new OutboxStore('alice', storage);
    const tabB = new OutboxStore('alice', storage);
    tabA.save(send('m1'));
    tabB.save(send('m2'));
    tabA.remove('m1');
    expect(tabB.load().map((s) => s.clientMessageId)).toEqual(['m2']);
  });

  it('leaves nothing behind once empty or cleared', () => {
    const storage = memoryStorage();
    const store = new OutboxStore('alice', storage);
    store.save(send('m1'));
    store.remove('m1');
    expect(storage.items.size).toBe(0);
    store.save(send('m2'));
    store.clear();
    expect(storage.items.size).toBe(0);
  });

  it('ignores junk and keeps working when storage refuses', () => {
    const storage = memoryStorage();
    storage.items.set('chat.outbox.v1.alice', '{not json');
    expect(new OutboxStore('alice', storage).load()).toEqual([]);
    storage.items.set('chat.outbox.v1.alice', JSON.stringify([send('m1'), { clientMessageId: 'm2' }, send('m3', { status: 'delivered' as 'waiting' })]));
    expect(new OutboxStore('alice', storage).load().map((s) => s.clientMessageId)).toEqual(['m1']);
    const store = new OutboxStore('alice', refusingStorage());
    expect(() => store.save(send('m1'))).not.toThrow();
    expect(store.load()).toEqual([]);
  });
});
