import { within } from './within';

describe('within', () => {
  it('answers what the work answers in time, and its failure as it is', async () => {
    await expect(within('a quick step', 1_000, Promise.resolve(7))).resolves.toBe(7);
    await expect(within('a failing step', 1_000, Promise.reject(new Error('no')))).rejects.toThrow('no');
  });

  it('fails naming the step that took too long', async () => {
    await expect(within('Chromium', 20, new Promise(() => undefined))).rejects.toThrow('Chromium did not finish within 20 ms');
  });
});
