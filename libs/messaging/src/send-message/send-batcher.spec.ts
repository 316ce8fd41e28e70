import type { OutboxRowValues } from '@chat/persistence';
import { OverloadedError, type AppConfig, type LoadMonitor } from '@chat/platform';
import type { AppendedMessage, MessagesRepository, NewMessageRow } from '../shared/messages.repository';
import { SendBatcher } from './send-batcher';

/** A repository whose statements finish when the test says so, recording the batches it got. */
class ControlledRepository {
  readonly batches: string[][] = [];
  private readonly finishers: (() => void)[] = [];
  failBatchesLargerThan = Infinity;

  append(rows: readonly NewMessageRow[]): Promise<(AppendedMessage | null)[]> {
    this.batches.push(rows.map((r) => r.id));
    return new Promise((resolve, reject) =>
      this.finishers.push(() => (rows.length > this.failBatchesLargerThan ? reject(new Error('twin clientMessageId')) : resolve(rows.map((r) => (r.id.startsWith('stranger') ? null : { seq: Number(r.id.split('-')[1]), behindAudienceChange: false }))))),
    );
  }

  get running(): number {
    return this.finishers.length;
  }

  async finishAll(): Promise<void> {
    while (this.finishers.length) {
      this.finishers.splice(0).forEach((finish) => finish());
      await new Promise((r) => setImmediate(r));
    }
  }
}

const row = (id: string) => ({ id }) as NewMessageRow;
const seqsOf = (appended: (AppendedMessage | null)[]) => appended.map((a) => a?.seq ?? null);
const event = {} as OutboxRowValues;
/** The queue length the batcher reports to the load monitor (backpressure reads it). */
let queued: () => number = () => NaN;
/** The refusals the batcher asked the load monitor for (it counts them in the load refusal metric). */
const refused: string[] = [];
const load = {
  watchSendQueue: (_name: string, read: () => number) => (queued = read),
  refuse: (feature: 'messages', retryAfterSeconds: number) => (refused.push(feature), new OverloadedError(feature, retryAfterSeconds)),
} as unknown as LoadMonitor;
const batcher = (repo: ControlledRepository, batchMax: number, statementsInFlight: number, overlapAfterMs = 0, queueWaitMaxMs = 0) =>
  new SendBatcher(repo as unknown as MessagesRepository, { sends: { batchMax, statementsInFlight, overlapAfterMs, queueWaitMaxMs } } as AppConfig, load);
const settled = () => new Promise((r) => setImmediate(r));

describe('SendBatcher', () => {
  it('writes at once while statements are free, then batches what queued, at most SEND_BATCH_MAX a statement', async () => {
    const repo = new ControlledRepository();
    const sends = batcher(repo, 3, 2);
    const results = Array.from({ length: 9 }, (_, i) => sends.append(row(`m-${i + 1}`), event));
    await settled();
    expect(repo.batches).toEqual([['m-1'], ['m-2']]); // SEND_STATEMENTS_IN_FLIGHT statements, no waiting
    expect(repo.running).toBe(2);
    expect(queued()).toBe(7); // what waits for a statement is what backpressure counts
    await repo.finishAll();
    expect(seqsOf(await Promise.all(results))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(queued()).toBe(0);
    expect(repo.batches.slice(2)).toEqual([['m-3', 'm-4', 'm-5'], ['m-6', 'm-7', 'm-8'], ['m-9']]);
  });

  describe('with SEND_OVERLAP_AFTER_MS', () => {
    // setImmediate stays real: the repository's promises settle through it.
    beforeEach(() => jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] }));
    afterEach(() => jest.useRealTimers());

    it('starts a second statement only once the first has run that long, with everything that queued meanwhile', async () => {
      const repo = new ControlledRepository();
      const sends = batcher(repo, 10, 2, 5);
      const results = ['m-1', 'm-2', 'm-3'].map((id) => sends.append(row(id), event));
      await settled();
      expect(repo.batches).toEqual([['m-1']]);
      jest.advanceTimersByTime(4);
      await settled();
      expect(repo.batches).toEqual([['m-1']]);
      jest.advanceTimersByTime(1);
      await settled();
      expect(repo.batches).toEqual([['m-1'], ['m-2', 'm-3']]);
      expect(repo.running).toBe(2);
      await repo.finishAll();
      expect(seqsOf(await Promise.all(results))).toEqual([1, 2, 3]);
    });

    it('sends what queued behind a statement that finished sooner in the next one, at once', async () => {
      const repo = new ControlledRepository();
      const sends = batcher(repo, 10, 2, 5);
      const results = ['m-1', 'm-2', 'm-3'].map((id) => sends.append(row(id), event));
      await settled();
      jest.advanceTimersByTime(2);
      await repo.finishAll();
      expect(repo.batches).toEqual([['m-1'], ['m-2', 'm-3']]);
      expect(seqsOf(await Promise.all(results))).toEqual([1, 2, 3]);
      jest.advanceTimersByTime(5); // the timer set for the overlap finds nothing left to send
      await settled();
      expect(repo.batches).toHaveLength(2);
    });
  });

  describe('with SEND_QUEUE_WAIT_MAX_MS', () => {
    beforeEach(() => jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] }));
    afterEach(() => jest.useRealTimers());

    it('refuses a new send at once while the oldest queued one has waited that long, and takes sends again once the queue moves', async () => {
      const repo = new ControlledRepository();
      const sends = batcher(repo, 1, 1, 0, 100);
      refused.length = 0;
      const accepted = [sends.append(row('m-1'), event), sends.append(row('m-2'), event)]; // m-1 runs, m-2 waits
      jest.advanceTimersByTime(99);
      accepted.push(sends.append(row('m-3'), event)); // m-2 has waited 99 ms: still taken
      jest.advanceTimersByTime(1);
      const refusal = sends.append(row('m-4'), event);
      await expect(refusal).rejects.toBeInstanceOf(OverloadedError);
      await expect(refusal).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: 1 });
      expect(refused).toEqual(['messages']);
      expect(queued()).toBe(2); // nothing of the refused send was queued
      await repo.finishAll();
      expect(seqsOf(await Promise.all(accepted))).toEqual([1, 2, 3]);
      const later = sends.append(row('m-5'), event); // the queue is empty again
      await repo.finishAll();
      expect(seqsOf([await later])).toEqual([5]);
      expect(repo.batches.flat()).not.toContain('m-4');
    });
  });

  it('answers null for a send the statement did not accept, and the others their seqs', async () => {
    const repo = new ControlledRepository();
    const sends = batcher(repo, 10, 1);
    const results = [sends.append(row('m-1'), event), sends.append(row('stranger-2'), event), sends.append(row('m-3'), event)];
    await repo.finishAll();
    expect(seqsOf(await Promise.all(results))).toEqual([1, null, 3]);
  });

  it('retries a batch that failed as a whole one send at a time, so each send gets its own outcome', async () => {
    const repo = new ControlledRepository();
    repo.failBatchesLargerThan = 1;
    const sends = batcher(repo, 10, 1);
    const results = ['m-1', 'm-2', 'm-3', 'm-4'].map((id) => sends.append(row(id), event));
    await repo.finishAll();
    expect(seqsOf(await Promise.all(results))).toEqual([1, 2, 3, 4]);
    expect(repo.batches).toEqual([['m-1'], ['m-2', 'm-3', 'm-4'], ['m-2'], ['m-3'], ['m-4']]);
  });

  it('rejects a single send with the error of its statement', async () => {
    const repo = new ControlledRepository();
    repo.failBatchesLargerThan = 0;
    const outcome = expect(batcher(repo, 10, 1).append(row('m-1'), event)).rejects.toThrow('twin clientMessageId');
    await repo.finishAll();
    await outcome;
  });
});
