import { EventEmitter } from 'node:events';
import type { Cluster, Redis } from 'ioredis';
import { reconnectLocalSockets, whenSubscriberRecovers } from './fan-out-recovery';

/** What ioredis emits on a subscriber connection; `isCluster` tells a Cluster from one Redis, as on the real clients. */
function subscriber(isCluster: boolean): EventEmitter & { isCluster: boolean } {
  return Object.assign(new EventEmitter(), { isCluster });
}

describe('whenSubscriberRecovers', () => {
  it('one Redis: reports each ready that follows a dropped connection, not the first connect', () => {
    const sub = subscriber(false);
    const recovered = jest.fn();
    whenSubscriberRecovers(sub as unknown as Redis, recovered);
    sub.emit('ready');
    expect(recovered).not.toHaveBeenCalled();
    sub.emit('close');
    sub.emit('close'); // a failed reconnect attempt closes again
    sub.emit('ready');
    expect(recovered).toHaveBeenCalledTimes(1);
    sub.emit('close');
    sub.emit('ready');
    expect(recovered).toHaveBeenCalledTimes(2);
  });

  it('one Redis: reports a ready after a drop even when the first connect came before it watched', () => {
    const sub = subscriber(false);
    const recovered = jest.fn();
    whenSubscriberRecovers(sub as unknown as Redis, recovered);
    sub.emit('close');
    sub.emit('ready');
    expect(recovered).toHaveBeenCalledTimes(1);
  });

  it('a cluster: reports the subscribers resubscribed after one of them dropped, not a first start', () => {
    const sub = subscriber(true);
    const recovered = jest.fn();
    whenSubscriberRecovers(sub as unknown as Cluster, recovered);
    sub.emit('subscribersReady');
    sub.emit('ready');
    expect(recovered).not.toHaveBeenCalled();
    sub.emit('-node');
    sub.emit('subscribersReady');
    expect(recovered).toHaveBeenCalledTimes(1);
  });
});

describe('reconnectLocalSockets', () => {
  it('closes the transport of every local socket (no disconnect packet: clients reconnect by themselves)', () => {
    const sockets = ['a', 'b'].map((id) => ({ id, disconnect: jest.fn(), conn: { close: jest.fn() } }));
    const count = reconnectLocalSockets({ sockets: new Map(sockets.map((s) => [s.id, s])) } as never);
    expect(count).toBe(2);
    for (const socket of sockets) {
      expect(socket.conn.close).toHaveBeenCalledTimes(1);
      expect(socket.disconnect).not.toHaveBeenCalled();
    }
  });
});
