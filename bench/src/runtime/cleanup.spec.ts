import { Cleanup } from './cleanup';

describe('Cleanup', () => {
  it('stops in reverse order of start, carrying on past a failing step', async () => {
    const stopped: string[] = [];
    const logs: string[] = [];
    const c = new Cleanup();
    c.add('postgres', () => void stopped.push('postgres'));
    c.add('server', async () => {
      stopped.push('server');
      throw new Error('boom');
    });
    c.add('workers', () => void stopped.push('workers'));
    await c.runAll((l) => logs.push(l));
    expect(stopped).toEqual(['workers', 'server', 'postgres']);
    expect(logs).toEqual(['cleanup: stopping server failed: boom']);
  });

  it('runs a step stopped early only once', async () => {
    let n = 0;
    const c = new Cleanup();
    const stop = c.add('server', () => void n++);
    await stop();
    await stop();
    await c.runAll();
    expect(n).toBe(1);
  });

  it('shares one run between concurrent callers (signal during the normal stop)', async () => {
    let n = 0;
    const c = new Cleanup();
    c.add('server', async () => {
      n++;
      await new Promise((r) => setTimeout(r, 10));
    });
    await Promise.all([c.runAll(), c.runAll()]);
    expect(n).toBe(1);
  });
});
