import { EventEmitter } from 'node:events';
import type { MessageMappingProperties } from '@nestjs/websockets';
import { from } from 'rxjs';
import type { AppConfig } from '@chat/platform';
import { ConfiguredIoAdapter } from './configured-io.adapter';

/** What the adapter touches of a socket: listeners, `emit` (a frame to the client) and `disconnected`. */
class FakeSocket extends EventEmitter {
  disconnected = false;
  readonly sent: unknown[][] = [];
  override emit(event: string, ...args: unknown[]): boolean {
    this.sent.push([event, ...args]);
    return true;
  }
  /** A client event arriving. */
  receive(event: string, ...args: unknown[]): void {
    EventEmitter.prototype.emit.call(this, event, ...args);
  }
}

const settled = () => new Promise((resolve) => setImmediate(resolve));

function bind(callback: MessageMappingProperties['callback']) {
  const adapter = new ConfiguredIoAdapter(undefined as never, { redis: null, nodeId: 'n1' } as unknown as AppConfig);
  const socket = new FakeSocket();
  const handler: MessageMappingProperties = { message: 'ping', methodName: 'ping', callback, isAckHandledManually: false };
  adapter.bindMessageHandlers(socket as never, [handler], (result) => from(Promise.resolve(result)));
  return socket;
}

describe('ConfiguredIoAdapter message binding', () => {
  it('hands the payload to the handler and its result to the ack', async () => {
    const socket = bind(async (data) => ({ ok: true, echo: data }));
    const ack = jest.fn();
    socket.receive('ping', { n: 1 }, ack);
    await settled();
    expect(ack).toHaveBeenCalledWith({ ok: true, echo: { n: 1 } });
  });

  it('sends a result with `event` as a frame instead of an ack', async () => {
    const socket = bind(async () => ({ event: 'pong', data: { n: 2 } }));
    const ack = jest.fn();
    socket.receive('ping', {}, ack);
    await settled();
    expect(socket.sent).toEqual([['pong', { n: 2 }]]);
    expect(ack).not.toHaveBeenCalled();
  });

  it('answers nothing once the socket has disconnected', async () => {
    const socket = bind(async () => ({ ok: true }));
    const ack = jest.fn();
    socket.receive('ping', {}, ack);
    socket.disconnected = true;
    await settled();
    expect(ack).not.toHaveBeenCalled();
  });
});
