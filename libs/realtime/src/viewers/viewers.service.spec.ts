import { InMemoryTypingStore, type AppConfig } from '@chat/platform';
import type { ChatGateway, ChatSocket } from '../chat.gateway';
import { ViewersService } from './viewers.service';

describe('ViewersService', () => {
  const frames: { room: string; userIds: string[] }[] = [];
  const gateway = { server: { to: (room: string) => ({ emit: (_event: string, frame: { userIds: string[] }) => frames.push({ room, userIds: frame.userIds }) }) } } as unknown as ChatGateway;
  const config = { presence: { leaseMs: 30_000 } } as AppConfig;
  const socket = (userId: string, id: string, rooms = ['conv:a']) => ({ id, rooms: new Set(rooms), data: { principal: { tenantId: 't', userId } } }) as unknown as ChatSocket;
  let store: InMemoryTypingStore;
  let service: ViewersService;

  beforeEach(() => {
    frames.length = 0;
    store = new InMemoryTypingStore();
    service = new ViewersService(store, { now: () => 1_000 }, config, gateway);
  });

  it('leaves a socket switched quickly from A to B to C (not waiting for the answers) in C only', async () => {
    const tab = socket('alice', 's1');
    await Promise.all([service.view(tab, 'a'), service.view(tab, 'b'), service.view(tab, 'c')]);
    const viewing = async (conversationId: string) => store.list({ tenantId: 't', conversationId }, 1_000);
    expect([await viewing('a'), await viewing('b'), await viewing('c')]).toEqual([[], [], ['alice/s1']]);
    expect(frames).toEqual([
      { room: 'conv:a', userIds: ['alice'] },
      { room: 'conv:a', userIds: [] },
      { room: 'conv:b', userIds: ['alice'] },
      { room: 'conv:b', userIds: [] },
      { room: 'conv:c', userIds: ['alice'] },
    ]);
  });

  it('lists each person once however many of their sockets show it, and sends nothing for a renewal', async () => {
    const [tab, otherTab, bobs] = [socket('alice', 's1'), socket('alice', 's2'), socket('bob', 's3')];
    await service.view(tab, 'a');
    await service.view(otherTab, 'a');
    await expect(service.view(bobs, 'a')).resolves.toEqual(['alice', 'bob']);
    frames.length = 0;
    await service.renew(tab);
    expect(frames).toEqual([]);
    await service.closed(tab);
    expect(frames).toEqual([{ room: 'conv:a', userIds: ['alice', 'bob'] }]);
  });

  it('ends, instead of renewing, the entry of a socket no longer in the conversation’s room (removed from it)', async () => {
    const bobs = socket('bob', 's3');
    await service.view(bobs, 'a');
    (bobs.rooms as Set<string>).delete('conv:a');
    frames.length = 0;
    await service.renew(bobs);
    await service.renew(bobs);
    expect(frames).toEqual([{ room: 'conv:a', userIds: [] }]);
    expect(await store.list({ tenantId: 't', conversationId: 'a' }, 1_000)).toEqual([]);
  });
});
