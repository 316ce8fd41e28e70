import { inBatches } from './in-batches';

describe('inBatches', () => {
  it('runs batches until one comes back short and adds them up', async () => {
    const answers = [3, 3, 1, 3];
    const batch = jest.fn(async () => answers.shift()!);
    expect(await inBatches(3, batch)).toBe(7);
    expect(batch).toHaveBeenCalledTimes(3);
  });

  it('runs once when the first batch has nothing to do', async () => {
    expect(await inBatches(500, async () => 0)).toBe(0);
  });
});
