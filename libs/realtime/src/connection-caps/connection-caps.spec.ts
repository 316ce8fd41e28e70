import { EventEmitter } from 'node:events';
import { Logger } from '@nestjs/common';
import type { Principal } from '@chat/identity';
import { InMemoryConnectionCounter, TenantQuotaExceededError, onlineUsersPool, type AppConfig, type TenantLimits } from '@chat/platform';
import type { TenantQuotas } from '@chat/tenancy';
import type { ChatSocket } from '../chat.gateway';
import { ConnectionCaps, TooManyConnectionsError } from './connection-caps';

const TENANT = 'tenant-1';
const LEASE_MS = 30_000;

/** A handshaking socket: an id, and the disconnect the caps listen for. */
class FakeSocket extends EventEmitter {
  private static opened = 0;
  readonly id = `socket-${++FakeSocket.opened}`;
  disconnected = false;

  close(): void {
    this.disconnected = true;
    this.emit('disconnect');
  }
}

describe('ConnectionCaps', () => {
  let counter: InMemoryConnectionCounter;
  let limits: TenantLimits;
  let caps: ConnectionCaps;
  const clock = { now: () => 1_000_000 };

  const connect = async (userId: string): Promise<FakeSocket> => {
    const socket = new FakeSocket();
    await caps.admit(socket as unknown as ChatSocket, { tenantId: TENANT, userId } as Principal);
    return socket;
  };
  const refusalOf = (userId: string): Promise<unknown> => connect(userId).then(() => null, (err: unknown) => err);
  const quotaOf = (err: unknown) => (err instanceof TenantQuotaExceededError ? err.detail.quota : err);
  const onlineUsed = () => counter.count(onlineUsersPool(TENANT), clock.now());
  /** Lets the releases a disconnect starts (not awaited by the socket) finish. */
  const settle = () => new Promise((resolve) => setImmediate(resolve));

  beforeEach(() => {
    // Each refusal is logged as a warning: expected here.
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    counter = new InMemoryConnectionCounter();
    limits = { connections: 0, onlineUsers: 0, messagesPerMinute: 0, mediaBytes: 0 };
    const quotas = {
      limitsOf: async () => limits,
      refused: (quota: 'connections' | 'onlineUsers', limit: number, retryAfter: number) => new TenantQuotaExceededError(quota, limit, null, retryAfter),
    } as unknown as TenantQuotas;
    const config = { limits: { userMaxConnections: 3 }, quotas: { connectionLeaseMs: LEASE_MS } } as AppConfig;
    caps = new ConnectionCaps(quotas, counter, clock, config);
  });
  afterEach(() => jest.restoreAllMocks());

  it('keeps no place among those online for someone the tenant’s connections cap refused, so it does not shut out the next person', async () => {
    limits = { ...limits, connections: 2, onlineUsers: 2 };
    const [alicesFirst] = [await connect('alice'), await connect('alice')];

    expect(quotaOf(await refusalOf('bob'))).toBe('connections');
    expect(await onlineUsed()).toBe(1);

    alicesFirst.close();
    await settle();
    // Bob, refused, holds no place: Carol is let in as the second person online.
    await connect('carol');
    expect(await onlineUsed()).toBe(2);
  });

  it('keeps the place of someone already online when their next socket is refused', async () => {
    limits = { ...limits, connections: 1, onlineUsers: 1 };
    await connect('alice');

    expect(quotaOf(await refusalOf('alice'))).toBe('connections');
    expect(await onlineUsed()).toBe(1);
  });

  it('keeps the place of someone already online when the account cap refuses their next socket', async () => {
    limits = { ...limits, onlineUsers: 1 };
    await Promise.all([connect('alice'), connect('alice'), connect('alice')]);

    expect(await refusalOf('alice')).toBeInstanceOf(TooManyConnectionsError);
    expect(quotaOf(await refusalOf('bob'))).toBe('onlineUsers');
  });

  it('gives back the socket’s tenant place when the online people cap refuses it', async () => {
    limits = { ...limits, connections: 2, onlineUsers: 1 };
    await connect('alice');

    expect(quotaOf(await refusalOf('bob'))).toBe('onlineUsers');
    expect(await counter.count(TENANT, clock.now())).toBe(1);
    // Alice's second tab takes the place Bob's refusal gave back.
    await connect('alice');
  });
});
