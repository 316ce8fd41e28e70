import { advancesByConversation, PendingDeliveries } from './pending-deliveries';

const mark = (conversationId: string, userId: string, seq: number) => ({ tenantId: 't', conversationId, userId, seq });

describe('PendingDeliveries', () => {
  it('keeps one mark per conversation and member: the highest seq, whatever order acknowledgements come in', () => {
    const pending = new PendingDeliveries();
    pending.add(mark('c1', 'bob', 3));
    pending.add(mark('c1', 'bob', 7));
    pending.add(mark('c1', 'bob', 5));
    pending.add(mark('c1', 'carol', 2));
    pending.add(mark('c2', 'bob', 1));
    expect(pending.size).toBe(3);
    expect(pending.drain()).toEqual([mark('c1', 'bob', 7), mark('c1', 'carol', 2), mark('c2', 'bob', 1)]);
  });

  it('holds nothing after a drain, so a mark is written once', () => {
    const pending = new PendingDeliveries();
    pending.add(mark('c1', 'bob', 3));
    pending.drain();
    expect(pending.size).toBe(0);
    expect(pending.drain()).toEqual([]);
  });

  it('takes back the marks of a failed write without lowering one that arrived meanwhile', () => {
    const pending = new PendingDeliveries();
    pending.add(mark('c1', 'bob', 3));
    pending.add(mark('c1', 'carol', 4));
    const taken = pending.drain();
    pending.add(mark('c1', 'bob', 9));
    pending.restore(taken);
    expect(pending.drain()).toEqual([mark('c1', 'bob', 9), mark('c1', 'carol', 4)]);
  });
});

describe('advancesByConversation', () => {
  it('makes one event per conversation carrying every pointer the write moved there, and the senders to tell', () => {
    const senders = new Map([['c1', ['alice']]]);
    expect(advancesByConversation([mark('c1', 'bob', 7), mark('c2', 'bob', 1), mark('c1', 'carol', 2)], senders)).toEqual([
      { tenantId: 't', payload: { conversationId: 'c1', pointers: [{ userId: 'bob', seq: 7 }, { userId: 'carol', seq: 2 }], senderIds: ['alice'] } },
      { tenantId: 't', payload: { conversationId: 'c2', pointers: [{ userId: 'bob', seq: 1 }], senderIds: [] } },
    ]);
    expect(advancesByConversation([], senders)).toEqual([]);
  });
});
