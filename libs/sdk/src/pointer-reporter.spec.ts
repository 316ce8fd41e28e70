import { ChatApiError } from './chat-api-error';
import { PointerReporter, type PointerReporterOptions } from './pointer-reporter';

const refused = (retryAfterSeconds: number) => new ChatApiError(429, { code: 'RATE_LIMITED', message: 'Too many requests', hint: `Retry after ${retryAfterSeconds} s`, requestId: 'r', retryAfterSeconds });
const settle = async () => {
  for (let i = 0; i < 3; i++) await Promise.resolve();
};

/** How the scripted server answers one send: an error refuses it, `held` leaves the answer to the test (`held[i]`). */
type Answer = Error | object | 'held';

/** A reporter over a scripted server: each send gets the next of `answers`, then `otherwise(seq)`. */
function setUp(options: PointerReporterOptions, answers: Answer[], otherwise: (seq: number) => object) {
  const sent: [string, number][] = [];
  const held: { resolve: (answer: object) => void; reject: (err: Error) => void }[] = [];
  const reporter = new PointerReporter((conversationId, seq) => {
    sent.push([conversationId, seq]);
    const answer = answers.shift() ?? otherwise(seq);
    if (answer === 'held') return new Promise((resolve, reject) => held.push({ resolve, reject }));
    return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
  }, options);
  return { reporter, sent, held };
}

describe('PointerReporter', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  describe('throttled, as RealtimeClient acknowledges delivery', () => {
    /** Without jitter unless asked, so the throttle's own timing shows. */
    const acksOver = (answers: Answer[] = [], { tracked = true, jitter = () => 0 }: { tracked?: boolean; jitter?: () => number } = {}) => setUp({ intervalMs: 1_000, jitter }, answers, () => ({ tracked }));

    it('spreads acknowledgements over the interval by its jitter, the throttle included, so the members of a room do not ack in step', () => {
      const { reporter: acks, sent } = acksOver([], { jitter: () => 0.25 });
      acks.report('c1', 1);
      expect(sent).toEqual([]);
      jest.advanceTimersByTime(249);
      expect(sent).toEqual([]);
      jest.advanceTimersByTime(1);
      expect(sent).toEqual([['c1', 1]]);
      acks.report('c1', 2);
      jest.advanceTimersByTime(1_249); // the interval since the last ack, then the jitter again
      expect(sent).toEqual([['c1', 1]]);
      jest.advanceTimersByTime(1);
      expect(sent).toEqual([
        ['c1', 1],
        ['c1', 2],
      ]);
    });

    it('acknowledges the first message at once, then at most once per interval per conversation, ending on the last seq', () => {
      const { reporter: acks, sent } = acksOver();
      acks.report('c1', 1);
      expect(sent).toEqual([['c1', 1]]);
      for (let seq = 2; seq <= 50; seq++) acks.report('c1', seq);
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
      const { reporter: acks, sent } = acksOver();
      acks.report('c1', 4);
      acks.report('c2', 9);
      acks.report('c1', 3);
      jest.advanceTimersByTime(2_000);
      acks.report('c1', 4);
      expect(sent).toEqual([
        ['c1', 4],
        ['c2', 9],
      ]);
      acks.report('c1', 8);
      acks.report('c1', 10);
      acks.report('c1', 9);
      jest.advanceTimersByTime(1_000);
      expect(sent.slice(2)).toEqual([
        ['c1', 8],
        ['c1', 10],
      ]);
    });

    it('stops for a conversation the server does not track, until a reconnect', async () => {
      const { reporter: acks, sent } = acksOver([], { tracked: false });
      acks.report('big', 1);
      await Promise.resolve();
      acks.report('big', 2);
      jest.advanceTimersByTime(2_000);
      expect(sent).toEqual([['big', 1]]);
      acks.resend();
      expect(sent).toEqual([
        ['big', 1],
        ['big', 2],
      ]);
    });

    it('sends every conversation’s last seq again after a reconnect, and retries an ack that failed', async () => {
      const { reporter: acks, sent } = acksOver([new Error('disconnected')]);
      acks.report('c1', 5);
      await settle();
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

    it('sends a refused seq again after the Retry-After, though the conversation fell quiet', async () => {
      const { reporter: acks, sent } = acksOver([refused(3)]);
      acks.report('c1', 5);
      await settle();
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
      const { reporter: acks, sent } = acksOver([refused(3)]);
      acks.report('c1', 5);
      await settle();
      jest.advanceTimersByTime(1_500);
      acks.report('c1', 6);
      acks.report('c1', 7);
      jest.advanceTimersByTime(1_499);
      expect(sent).toEqual([['c1', 5]]);
      jest.advanceTimersByTime(1);
      expect(sent).toEqual([
        ['c1', 5],
        ['c1', 7],
      ]);
    });

    it('pushes an ack already waiting for the interval back to the Retry-After of a refusal that comes meanwhile', async () => {
      const { reporter: acks, sent, held } = acksOver(['held']);
      acks.report('c1', 1);
      acks.report('c1', 2); // waits for the interval
      held[0].reject(refused(3));
      await settle();
      jest.advanceTimersByTime(2_999);
      expect(sent).toEqual([['c1', 1]]);
      jest.advanceTimersByTime(1);
      expect(sent).toEqual([
        ['c1', 1],
        ['c1', 2],
      ]);
    });

    it('sends nothing again for a refusal overtaken by a later ack that got through', async () => {
      const { reporter: acks, sent, held } = acksOver(['held', 'held']);
      acks.report('c1', 3); // a slow answer
      jest.advanceTimersByTime(1_000);
      acks.report('c1', 5);
      held[1].resolve({ tracked: true });
      held[0].reject(refused(2));
      await settle();
      jest.advanceTimersByTime(10_000);
      acks.report('c1', 5);
      expect(sent).toEqual([
        ['c1', 3],
        ['c1', 5],
      ]);
    });

    it('schedules no retry for a refusal that comes back after stop', async () => {
      const { reporter: acks } = acksOver([refused(3)]);
      acks.report('c1', 1);
      acks.stop();
      await settle();
      expect(jest.getTimerCount()).toBe(0);
    });

    it('leaves no timer behind once stopped', () => {
      const { reporter: acks } = acksOver();
      acks.report('c1', 1);
      acks.report('c1', 2);
      expect(jest.getTimerCount()).toBe(1);
      acks.stop();
      expect(jest.getTimerCount()).toBe(0);
    });

    it('sends nothing while paused, the ack already waiting included, then only each conversation’s highest seq once resumed', () => {
      const { reporter: acks, sent } = acksOver([], { jitter: () => 0.5 });
      acks.report('c1', 1);
      acks.pause();
      expect(jest.getTimerCount()).toBe(0);
      acks.report('c1', 2);
      acks.report('c2', 5);
      jest.advanceTimersByTime(10_000);
      expect(sent).toEqual([]);
      acks.resume();
      jest.advanceTimersByTime(499);
      expect(sent).toEqual([]);
      jest.advanceTimersByTime(1);
      expect(sent).toEqual([['c1', 2], ['c2', 5]]);
      acks.resume();
      jest.advanceTimersByTime(10_000);
      expect(sent).toEqual([['c1', 2], ['c2', 5]]);
    });

    it('keeps a refusal’s Retry-After when resumed before it is due', async () => {
      const { reporter: acks, sent } = acksOver([refused(5)]);
      acks.report('c1', 1);
      await settle();
      acks.pause();
      acks.report('c1', 2);
      jest.advanceTimersByTime(1_000);
      acks.resume();
      jest.advanceTimersByTime(3_999);
      expect(sent).toEqual([['c1', 1]]);
      jest.advanceTimersByTime(1);
      expect(sent).toEqual([['c1', 1], ['c1', 2]]);
    });
  });

  describe('paced by the server (its receiptIntervalMs)', () => {
    it('waits the longer of the server’s interval and its own, jitter included, and its own again once the pace is lifted', () => {
      const { reporter: acks, sent } = setUp({ intervalMs: 1_000, jitter: () => 0.5 }, [], () => ({ tracked: true }));
      acks.pace(4_000);
      acks.report('c1', 1);
      jest.advanceTimersByTime(1_999);
      expect(sent).toEqual([]);
      jest.advanceTimersByTime(1);
      expect(sent).toEqual([['c1', 1]]); // jitter: half of 4 s
      acks.report('c1', 2);
      jest.advanceTimersByTime(5_999); // 4 s after the last send, then half of 4 s
      expect(sent).toEqual([['c1', 1]]);
      jest.advanceTimersByTime(1);
      expect(sent).toEqual([['c1', 1], ['c1', 2]]);
      acks.pace(0);
      acks.report('c1', 3);
      jest.advanceTimersByTime(1_499);
      expect(sent).toEqual([['c1', 1], ['c1', 2]]);
      jest.advanceTimersByTime(1);
      expect(sent).toEqual([['c1', 1], ['c1', 2], ['c1', 3]]);
    });

    it('paces a reporter that has no interval of its own (the web client’s reads)', () => {
      const { reporter: reads, sent } = setUp({ jitter: () => 0 }, [], (seq) => ({ seq }));
      reads.report('c1', 1);
      expect(sent).toEqual([['c1', 1]]);
      reads.pace(2_000);
      reads.report('c1', 2);
      reads.report('c1', 3);
      jest.advanceTimersByTime(1_999);
      expect(sent).toEqual([['c1', 1]]);
      jest.advanceTimersByTime(1);
      expect(sent).toEqual([['c1', 1], ['c1', 3]]);
    });
  });

  describe('unthrottled, as the web client reports reads', () => {
    /** The server answers a read with the pointer: no `tracked` in it. */
    const readsOver = (answers: Answer[] = []) => setUp({}, answers, (seq) => ({ lastReadSeq: seq }));

    it('reports each seq once and only forward, in each conversation', () => {
      const { reporter, sent } = readsOver();
      reporter.report('c1', 3);
      reporter.report('c1', 3);
      reporter.report('c1', 2);
      reporter.report('c1', 5);
      reporter.report('c2', 1);
      expect(sent).toEqual([
        ['c1', 3],
        ['c1', 5],
        ['c2', 1],
      ]);
    });

    it('goes on after the server answers (a read pointer, no `tracked` in it)', async () => {
      const { reporter, sent } = readsOver();
      reporter.report('c1', 3);
      await settle();
      reporter.report('c1', 5);
      expect(sent).toEqual([
        ['c1', 3],
        ['c1', 5],
      ]);
    });

    it('reports afresh in a conversation forgotten (left, then opened again)', () => {
      const { reporter, sent } = readsOver();
      reporter.report('c1', 3);
      reporter.forget('c1');
      reporter.report('c1', 3);
      expect(sent).toEqual([
        ['c1', 3],
        ['c1', 3],
      ]);
    });

    it('sends a report that failed again with the next one', async () => {
      const { reporter, sent } = readsOver([new Error('offline')]);
      reporter.report('c1', 4);
      await settle();
      reporter.report('c1', 4);
      expect(sent).toEqual([
        ['c1', 4],
        ['c1', 4],
      ]);
    });

    it('after a refusal, sends the highest seq asked for again at its Retry-After, nothing sooner, though nothing else comes', async () => {
      const { reporter, sent } = readsOver([refused(2)]);
      reporter.report('c1', 4);
      await settle();
      jest.advanceTimersByTime(1_000);
      reporter.report('c1', 6);
      reporter.report('c1', 5);
      jest.advanceTimersByTime(999);
      expect(sent).toEqual([['c1', 4]]);
      jest.advanceTimersByTime(1);
      expect(sent).toEqual([
        ['c1', 4],
        ['c1', 6],
      ]);
      await settle();
      jest.advanceTimersByTime(10_000);
      expect(sent).toHaveLength(2);
    });

    it('holds what comes after a refusal until its Retry-After even when a later report had already gone', async () => {
      const { reporter, sent, held } = readsOver(['held', 'held']);
      reporter.report('c1', 3);
      reporter.report('c1', 5);
      held[1].resolve({ lastReadSeq: 5 });
      held[0].reject(refused(2));
      await settle();
      reporter.report('c1', 7);
      jest.advanceTimersByTime(1_999);
      expect(sent).toHaveLength(2);
      jest.advanceTimersByTime(1);
      expect(sent.slice(2)).toEqual([['c1', 7]]);
    });

    it('drops the retry of a conversation forgotten before it was due', async () => {
      const { reporter, sent } = readsOver([refused(2)]);
      reporter.report('c1', 4);
      await settle();
      reporter.forget('c1');
      jest.advanceTimersByTime(10_000);
      expect(sent).toEqual([['c1', 4]]);
      expect(jest.getTimerCount()).toBe(0);
    });

    it('schedules no retry for a refusal that comes back after the conversation was forgotten, nor after it opened again', async () => {
      const { reporter, sent, held } = readsOver(['held']);
      reporter.report('c1', 4);
      reporter.forget('c1');
      reporter.report('c1', 2);
      held[0].reject(refused(2));
      await settle();
      jest.advanceTimersByTime(10_000);
      expect(sent).toEqual([
        ['c1', 4],
        ['c1', 2],
      ]);
      expect(jest.getTimerCount()).toBe(0);
    });
  });
});
