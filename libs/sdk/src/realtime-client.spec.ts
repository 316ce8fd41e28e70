import { EventEmitter } from 'node:events';
import { PointerReporter } from './pointer-reporter';
import { RealtimeClient, followServerReceipts, type ChatClientSocket } from './realtime-client';

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

describe('followServerReceipts', () => {
  it('holds reports while the server says receipts are paused, and sends at its all-clear or at the next connect, whatever made it', async () => {
    const socket = new EventEmitter();
    const sent: number[] = [];
    const reporter = new PointerReporter(async (_id, seq) => void sent.push(seq));
    followServerReceipts(socket as unknown as ChatClientSocket, reporter);

    socket.emit('server.status', { level: 'shedding', paused: ['typing', 'reactions', 'receipts'] });
    reporter.report('c1', 1);
    expect(sent).toEqual([]);
    socket.emit('server.status', { level: 'normal', paused: [] });
    expect(sent).toEqual([1]);

    socket.emit('server.status', { level: 'shedding', paused: ['typing', 'reactions', 'receipts'] });
    reporter.report('c1', 2);
    socket.emit('disconnect');
    // A node that is not loaded says nothing at connect (an app's own socket.connect() included).
    socket.emit('connect');
    expect(sent).toEqual([1, 2]);
  });

  it('leaves the interval the server names between sends, until the next connect, where the node reached names its own', () => {
    jest.useFakeTimers();
    try {
      const socket = new EventEmitter();
      const sent: number[] = [];
      const reporter = new PointerReporter(async (_id, seq) => void sent.push(seq), { jitter: () => 0 });
      followServerReceipts(socket as unknown as ChatClientSocket, reporter);
      reporter.report('c1', 1);
      socket.emit('server.status', { level: 'normal', paused: [], receiptIntervalMs: 8_000 });
      reporter.report('c1', 2);
      jest.advanceTimersByTime(7_999);
      expect(sent).toEqual([1]);
      jest.advanceTimersByTime(1);
      expect(sent).toEqual([1, 2]);
      socket.emit('disconnect');
      socket.emit('connect');
      reporter.report('c1', 3);
      expect(sent).toEqual([1, 2, 3]);
    } finally {
      jest.useRealTimers();
    }
  });
});
