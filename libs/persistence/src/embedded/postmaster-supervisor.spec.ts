import { spawn, type ChildProcess } from 'node:child_process';
import { PostmasterSupervisor, type PostmasterEvent } from './postmaster-supervisor';

/** A stand-in postmaster: a real process that runs until it is killed. */
function sleeper(): ChildProcess {
  return spawn('sleep', ['60'], { stdio: 'ignore' });
}

function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const poll = () => (condition() ? resolve() : Date.now() > deadline ? reject(new Error('timed out')) : setTimeout(poll, 5));
    poll();
  });
}

describe('PostmasterSupervisor', () => {
  const policy = { attempts: 3, backoffMs: 10, backoffMaxMs: 40 };
  let supervisor: PostmasterSupervisor | undefined;
  afterEach(async () => {
    await supervisor?.stop();
    supervisor = undefined;
  });

  it('reports an exit after start-up with its signal, is not ready meanwhile, and restarts the postmaster', async () => {
    const events: PostmasterEvent[] = [];
    const first = sleeper();
    let restarted: ChildProcess | undefined;
    let releaseSpawn!: () => void;
    const spawned = new Promise<void>((resolve) => (releaseSpawn = resolve));
    supervisor = new PostmasterSupervisor(first, {
      policy,
      spawn: async () => {
        await spawned;
        return (restarted = sleeper());
      },
      report: (e) => events.push(e),
      giveUp: () => events.push({ event: 'postgres.gave_up', attempts: -1 }),
    });
    expect(() => supervisor!.assertRunning()).not.toThrow();
    first.kill('SIGKILL');
    await until(() => events.length === 1);
    expect(events[0]).toEqual({ event: 'postgres.exited', pid: first.pid, code: null, signal: 'SIGKILL' });
    expect(() => supervisor!.assertRunning()).toThrow(/down, restarting/);
    releaseSpawn();
    await until(() => events.length === 2);
    expect(events[1]).toMatchObject({ event: 'postgres.restarted', attempt: 1 });
    expect(() => supervisor!.assertRunning()).not.toThrow();
    await supervisor.stop();
    expect(restarted!.signalCode).toBe('SIGINT');
    expect(events).toHaveLength(2); // a requested stop is no crash
  });

  it('retries a failed restart with a doubling backoff and gives up after the configured failures in a row', async () => {
    const events: PostmasterEvent[] = [];
    let gaveUp = false;
    const first = sleeper();
    supervisor = new PostmasterSupervisor(first, {
      policy,
      spawn: () => Promise.reject(new Error('pre-existing shared memory block is still in use')),
      report: (e) => events.push(e),
      giveUp: () => (gaveUp = true),
    });
    first.kill('SIGKILL');
    await until(() => gaveUp);
    expect(events.map((e) => e.event)).toEqual(['postgres.exited', 'postgres.restart_failed', 'postgres.restart_failed', 'postgres.restart_failed', 'postgres.gave_up']);
    expect(events.slice(1, 4)).toEqual([
      { event: 'postgres.restart_failed', attempt: 1, error: 'pre-existing shared memory block is still in use', retryInMs: 20 },
      { event: 'postgres.restart_failed', attempt: 2, error: 'pre-existing shared memory block is still in use', retryInMs: 40 },
      { event: 'postgres.restart_failed', attempt: 3, error: 'pre-existing shared memory block is still in use', retryInMs: null },
    ]);
    expect(events[4]).toEqual({ event: 'postgres.gave_up', attempts: 3 });
  });

  it('counts a restarted postmaster that dies again at once as a failure, so a crash loop ends too', async () => {
    const events: PostmasterEvent[] = [];
    let gaveUp = false;
    const first = sleeper();
    supervisor = new PostmasterSupervisor(first, {
      policy: { attempts: 2, backoffMs: 10, backoffMaxMs: 60_000 },
      spawn: async () => {
        const child = sleeper();
        setTimeout(() => child.kill('SIGKILL'), 20);
        return child;
      },
      report: (e) => events.push(e),
      giveUp: () => (gaveUp = true),
    });
    first.kill('SIGKILL');
    await until(() => gaveUp);
    expect(events.map((e) => e.event)).toEqual(['postgres.exited', 'postgres.restarted', 'postgres.exited', 'postgres.restarted', 'postgres.exited', 'postgres.gave_up']);
  });

  it('stops while waiting to restart without starting anything', async () => {
    let spawns = 0;
    const first = sleeper();
    supervisor = new PostmasterSupervisor(first, {
      policy: { attempts: 3, backoffMs: 60_000, backoffMaxMs: 60_000 },
      spawn: async () => (spawns++, sleeper()),
      report: () => undefined,
      giveUp: () => undefined,
    });
    first.kill('SIGKILL');
    await until(() => first.exitCode !== null || first.signalCode !== null);
    await supervisor.stop();
    expect(spawns).toBe(0);
    expect(() => supervisor!.assertRunning()).toThrow('stopped');
  });
});
