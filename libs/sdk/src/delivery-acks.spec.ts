import { ChatApiError } from './chat-api-error';
import { DeliveryAcks } from './delivery-acks';

describe('DeliveryAcks', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  /** Without jitter unless asked, so the throttle's own timing shows. */
  const setUp = (answer: () => Promise<{ tracked: boolean }> = async () => ({ tracked: true }), jitter = () => 0) => {
    const sent: [string, number][] = [];
    const acks = new DeliveryAcks(
      (conversationId, seq) => {
        sent.push([conversationId, seq]);
        return answer();
      },
      1_000,
      () => Date.now(),
      jitter,
    );
    return { acks, sent };
  };

  it('spreads acknowledgements over the interval by its jitter, the throttle included, so the members of a room do not ack in step', () => {
    const { acks, sent } = setUp(undefined, () => 0.25);
    acks.note('c1', 1);
    expect(sent).toEqual([]);
    jest.advanceTimersByTime(249);
    expect(sent).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(sent).toEqual([['c1', 1]]);
    acks.note('c1', 2);
    jest.advanceTimersByTime(1_249); // the interval since the last ack, then the jitter again
    expect(sent).toEqual([['c1', 1]]);
    jest.advanceTimersByTime(1);
    expect(sent).toEqual([
      ['c1', 1],
      ['c1', 2],
    ]);
  });

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

  const rateLimited = () => new ChatApiError(0, { code: 'RATE_LIMITED', message: 'Too many requests', hint: 'Retry after 3 s', requestId: 'r', retryAfterSeconds: 3 });
  const settle = async () => {
    for (let i = 0; i < 3; i++) await Promise.resolve();
  };

  it('sends a refused seq again after the Retry-After, though the conversation fell quiet', async () => {
    let refuse = true;
    const { acks, sent } = setUp(async () => {
      if (refuse) throw rateLimited();
      return { tracked: true };
    });
    acks.note('c1', 5);
    await settle();
    refuse = false;
    jest.advanceTimersByTime(2_999);
    expect(sent).toEqual([['c1', 5]]);
    jest.advanceTimersByTime(1);
    expect(sent).toEqual([
      ['c1', 5],
      ['c1', 5],
    ]);
    await settle();
    jest.advanceTimersByTime(10_000);
    expect(sent).toHaveLength(2);
  });

  it('holds later seqs until that Retry-After too, then sends only the highest', async () => {
    let refuse = true;
    const { acks, sent } = setUp(async () => {
      if (refuse) throw rateLimited();
      return { tracked: true };
    });
    acks.note('c1', 5);
    await settle();
    refuse = false;
    jest.advanceTimersByTime(1_500);
    acks.note('c1', 6);
    acks.note('c1', 7);
    jest.advanceTimersByTime(1_499);
    expect(sent).toEqual([['c1', 5]]);
    jest.advanceTimersByTime(1);
    expect(sent).toEqual([
      ['c1', 5],
      ['c1', 7],
    ]);
  });

  it('schedules no retry for a refusal that comes back after stop', async () => {
    const { acks } = setUp(async () => {
      throw rateLimited();
    });
    acks.note('c1', 1);
    acks.stop();
    await settle();
    expect(jest.getTimerCount()).toBe(0);
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
