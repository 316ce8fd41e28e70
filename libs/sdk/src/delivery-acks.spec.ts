import { DeliveryAcks } from './delivery-acks';

describe('DeliveryAcks', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const setUp = (answer: () => Promise<{ tracked: boolean }> = async () => ({ tracked: true })) => {
    const sent: [string, number][] = [];
    const acks = new DeliveryAcks(
      (conversationId, seq) => {
        sent.push([conversationId, seq]);
        return answer();
      },
      1_000,
    );
    return { acks, sent };
  };

  it('acknowledges the first message at once, then at most once per interval per conversation, ending on the last seq', () => {
    const { acks, sent } = setUp();
    acks.note('c1', 1);
    expect(sent).toEqual([['c1', 1]]);
    for (let seq = 2; seq <= 50; seq++) acks.note('c1', seq);
    expect(sent).toEqual([['c1', 1]]);
    jest.advanceTimersByTime(999);
    expect(sent).toEqual([['c1', 1]]);
    jest.advanceTimersByTime(1);
    expect(sent).toEqual([
      ['c1', 1],
      ['c1', 50],
    ]);
    jest.advanceTimersByTime(5_000);
    expect(sent).toHaveLength(2);
  });

  it('throttles each conversation on its own, and never acknowledges a seq again or a lower one', () => {
    const { acks, sent } = setUp();
    acks.note('c1', 4);
    acks.note('c2', 9);
    acks.note('c1', 3);
    jest.advanceTimersByTime(2_000);
    acks.note('c1', 4);
    expect(sent).toEqual([
      ['c1', 4],
      ['c2', 9],
    ]);
  });

  it('stops for a conversation the server does not track, until a reconnect', async () => {
    const { acks, sent } = setUp(async () => ({ tracked: false }));
    acks.note('big', 1);
    await Promise.resolve();
    acks.note('big', 2);
    jest.advanceTimersByTime(2_000);
    expect(sent).toEqual([['big', 1]]);
    acks.resend();
    expect(sent).toEqual([
      ['big', 1],
      ['big', 2],
    ]);
  });

  it('sends every conversation’s last seq again after a reconnect, and retries an ack that failed', async () => {
    let fail = true;
    const { acks, sent } = setUp(async () => {
      if (fail) throw new Error('disconnected');
      return { tracked: true };
    });
    acks.note('c1', 5);
    await Promise.resolve();
    await Promise.resolve();
    fail = false;
    jest.advanceTimersByTime(1_000);
    acks.resend();
    expect(sent).toEqual([
      ['c1', 5],
      ['c1', 5],
    ]);
    jest.advanceTimersByTime(1_000);
    acks.resend();
    expect(sent).toHaveLength(3);
  });

  it('leaves no timer behind once stopped', () => {
    const { acks } = setUp();
    acks.note('c1', 1);
    acks.note('c1', 2);
    expect(jest.getTimerCount()).toBe(1);
    acks.stop();
    expect(jest.getTimerCount()).toBe(0);
  });
});
