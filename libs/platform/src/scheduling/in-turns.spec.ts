import { inTurns } from './in-turns';

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('inTurns', () => {
  it('does one slice at once and one more on each following turn of the event loop, in order', async () => {
    const done: number[] = [];
    inTurns([...Array(7).keys()], 3, (n) => done.push(n));
    expect(done).toEqual([0, 1, 2]);
    await nextTurn();
    expect(done).toEqual([0, 1, 2, 3, 4, 5]);
    await nextTurn();
    expect(done).toEqual([0, 1, 2, 3, 4, 5, 6]);
    await nextTurn();
    expect(done).toHaveLength(7);
  });

  it('lets work queued before a slice run ahead of it', async () => {
    const order: string[] = [];
    const queued = nextTurn().then(() => order.push('queued'));
    inTurns(['a', 'b', 'c', 'd'], 2, (item) => order.push(item));
    await queued;
    await nextTurn();
    expect(order).toEqual(['a', 'b', 'queued', 'c', 'd']);
  });

  it('drops what it has not reached once cancelled', async () => {
    const done: number[] = [];
    const turns = inTurns([1, 2, 3, 4, 5], 2, (n) => done.push(n));
    turns.cancel();
    await nextTurn();
    await nextTurn();
    expect(done).toEqual([1, 2]);
    inTurns([], 2, (n) => done.push(n)).cancel();
  });
});
