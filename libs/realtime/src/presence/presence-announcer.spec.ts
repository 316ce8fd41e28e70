import { Metrics } from '@chat/platform';
import type { ConversationsRepository } from '@chat/conversations';
import type { ChatGateway } from '../chat.gateway';
import { RealtimeMetrics } from '../realtime-metrics';
import { PRESENCE_WINDOW_MS, PresenceAnnouncer } from './presence-announcer';

describe('PresenceAnnouncer', () => {
  const emitted: unknown[] = [];
  const gateway = { server: { to: () => ({ emit: (_event: string, frame: unknown) => emitted.push(frame) }) } } as unknown as ChatGateway;
  const conversationIdsOf = jest.fn(async () => new Map<string, string[]>());
  const change = { tenantId: 't', userId: 'u', status: 'offline' as const, lastSeenAt: null };
  let announcer: PresenceAnnouncer;

  beforeEach(() => {
    jest.useFakeTimers();
    emitted.length = 0;
    conversationIdsOf.mockClear();
    announcer = new PresenceAnnouncer(gateway, { conversationIdsOf } as unknown as ConversationsRepository, new RealtimeMetrics(new Metrics()));
  });
  afterEach(() => jest.useRealTimers());

  it('sends a change once its window has passed', async () => {
    announcer.announce(change);
    await jest.advanceTimersByTimeAsync(PRESENCE_WINDOW_MS);
    expect(conversationIdsOf).toHaveBeenCalledTimes(1);
    expect(emitted).toEqual([{ userId: 'u', status: 'offline', lastSeenAt: null }]);
  });

  it('schedules nothing once the module is destroyed, so no flush queries a closing database', async () => {
    announcer.onModuleDestroy();
    announcer.announce(change);
    await jest.advanceTimersByTimeAsync(PRESENCE_WINDOW_MS * 4);
    expect(conversationIdsOf).not.toHaveBeenCalled();
    expect(jest.getTimerCount()).toBe(0);
  });
});
