import { RealtimeClient } from './realtime-client';

describe('RealtimeClient heartbeats', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  // A client that is never connected: no I/O, only the timers the client itself sets.
  const client = () => new RealtimeClient({ url: 'http://127.0.0.1:9', token: 't', socket: { autoConnect: false } });

  it('stops a heartbeat through the function startHeartbeat returns', () => {
    const c = client();
    const stop = c.startHeartbeat(1_000);
    expect(jest.getTimerCount()).toBe(1);
    stop();
    expect(jest.getTimerCount()).toBe(0);
  });

  it('stops every heartbeat still running on close, so a closed client leaves no timer behind', () => {
    const c = client();
    c.startHeartbeat(1_000);
    c.startHeartbeat(5_000);
    expect(jest.getTimerCount()).toBe(2);
    c.close();
    expect(jest.getTimerCount()).toBe(0);
  });
});
