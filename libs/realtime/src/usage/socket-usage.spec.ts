import { EventEmitter } from 'node:events';
import { UsageMeter } from '@chat/tenancy';
import type { ChatGateway, ChatSocket } from '../chat.gateway';
import { SocketUsage } from './socket-usage';

describe('SocketUsage (each admitted socket metered for its tenant)', () => {
  let now: number;
  let meter: UsageMeter;
  let admit: (socket: ChatSocket) => void;
  beforeEach(() => {
    now = 0;
    meter = new UsageMeter({ now: () => now });
    let middleware: (socket: ChatSocket, next: () => void) => void = () => undefined;
    const gateway = { server: { use: (fn: typeof middleware) => (middleware = fn) } } as unknown as ChatGateway;
    new SocketUsage(gateway, meter).onApplicationBootstrap();
    admit = (socket) => middleware(socket, () => undefined);
  });

  const socketOf = (tenantId: string, conn = new EventEmitter()) =>
    Object.assign(new EventEmitter(), { conn, data: { principal: { tenantId } } }) as unknown as ChatSocket & EventEmitter & { conn: EventEmitter };

  it("counts every packet written to the connection for the socket's tenant, and its time until it disconnects", () => {
    const socket = socketOf('acme');
    admit(socket);
    socket.conn.emit('packetCreate', { data: 'héllo' });
    socket.conn.emit('packetCreate', { type: 'ping' });
    now += 5_000;
    socket.emit('disconnect');
    socket.conn.emit('packetCreate', { data: 'late' });
    now += 5_000;
    expect(meter.drain().get('acme')).toEqual({ connectionMs: 5_000, socketEgressBytes: 1 + 6 + 1, mediaEgressBytes: 0 });
  });

  it('stops once at the first of disconnect and close, whichever comes first', () => {
    const a = socketOf('acme');
    const b = socketOf('acme');
    admit(a);
    admit(b);
    now += 1_000;
    a.conn.emit('close');
    a.emit('disconnect');
    a.conn.emit('close');
    expect(meter.openSockets).toBe(1);
    b.emit('disconnect');
    b.conn.emit('close');
    expect(meter.openSockets).toBe(0);
    expect(meter.drain().get('acme')?.connectionMs).toBe(2_000);
  });

  it('shares its listeners between connections, and counts a second socket on one connection once', () => {
    const a = socketOf('acme');
    const b = socketOf('globex');
    const again = socketOf('acme', a.conn);
    admit(a);
    admit(b);
    admit(again);
    expect(a.conn.listeners('packetCreate')).toEqual(b.conn.listeners('packetCreate'));
    a.conn.emit('packetCreate', { data: 'x' });
    expect(meter.openSockets).toBe(2);
    expect(meter.drain().get('acme')?.socketEgressBytes).toBe(2);
  });

  it('meters a socket that opens on a connection after its first socket left, without counting its packets twice', () => {
    const first = socketOf('acme');
    admit(first);
    first.emit('disconnect');
    const next = socketOf('acme', first.conn);
    admit(next);
    first.conn.emit('packetCreate', { data: 'x' });
    now += 1_000;
    expect(meter.openSockets).toBe(1);
    expect(meter.drain().get('acme')).toEqual({ connectionMs: 1_000, socketEgressBytes: 2, mediaEgressBytes: 0 });
  });
});
