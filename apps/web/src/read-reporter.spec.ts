import { ErrorCode } from '@chat/contracts';
import { ChatApiError } from '@chat/sdk';
import { ReadReporter } from './read-reporter';

const rateLimited = () => new ChatApiError(429, { code: ErrorCode.RATE_LIMITED, message: 'Too many requests', hint: '', requestId: 'r', retryAfterSeconds: 2 });
const settle = async () => {
  for (let i = 0; i < 3; i++) await Promise.resolve();
};

/** A reporter over a scripted server: each answer in turn (an error refuses), then success. */
function setUp(answers: (Error | null)[] = []) {
  const sent: [string, number][] = [];
  const reporter = new ReadReporter(async (conversationId, seq) => {
    sent.push([conversationId, seq]);
    const answer = answers.shift();
    if (answer) throw answer;
  });
  return { reporter, sent };
}

describe('ReadReporter', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('reports each seq once and only forward, afresh in each conversation opened', () => {
    const { reporter, sent } = setUp();
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

  it('sends a report that failed again with the next one', async () => {
    const { reporter, sent } = setUp([new Error('offline')]);
    reporter.report('c1', 4);
    await settle();
    reporter.report('c1', 4);
    expect(sent).toEqual([
      ['c1', 4],
      ['c1', 4],
    ]);
  });

  it('after a refusal, sends the highest seq asked for again at its Retry-After, nothing sooner, though nothing else comes', async () => {
    const { reporter, sent } = setUp([rateLimited()]);
    reporter.report('c1', 4);
    await settle();
    jest.advanceTimersByTime(1_000);
    reporter.report('c1', 6);
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

  it('drops the retry of a conversation left before it was due', async () => {
    const { reporter, sent } = setUp([rateLimited()]);
    reporter.report('c1', 4);
    await settle();
    reporter.reset();
    jest.advanceTimersByTime(10_000);
    expect(sent).toEqual([['c1', 4]]);
    expect(jest.getTimerCount()).toBe(0);
  });
});
