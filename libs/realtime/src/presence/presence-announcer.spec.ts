import { Metrics } from '@chat/platform';
import type { ConversationsRepository } from '@chat/conversations';
import type { ChatGateway } from '../chat.gateway';
import { RealtimeMetrics } from '../realtime-metrics';
import { PRESENCE_RETRY_MAX_MS, PRESENCE_WINDOW_MS, PresenceAnnouncer } from './presence-announcer';

describe('PresenceAnnouncer', () => {
  const emitted: unknown[] = [];
  const gateway = { server: { to: () => ({ emit: (_event: string, frame: unknown) => emitted.push(frame) }) } } as unknown as ChatGateway;
  const conversationIdsOf = jest.fn(async () => new Map<string, string[]>());
  const change = { tenantId: 't', userId: 'u', status: 'offline' as const, lastSeenAt: null };
  let announcer: PresenceAnnouncer;

  beforeEach(() => {
    jest.useFakeTimers();
    emitted.length = 0;
    conversationIdsOf.mockReset();
    conversationIdsOf.mockResolvedValue(new Map());
    announcer = new PresenceAnnouncer(gateway, { conversationIdsOf } as unknown as ConversationsRepository, new RealtimeMetrics(new Metrics()));
  });
  afterEach(() => jest.useRealTimers());

  it('sends a change once its window has passed', async () => {
    announcer.announce(change);
    await jest.advanceTimersByTimeAsync(PRESENCE_WINDOW_MS);
    expect(conversationIdsOf).toHaveBeenCalledTimes(1);
    expect(emitted).toEqual([{ userId: 'u', status: 'offline', lastSeenAt: null }]);
  });

  it('tries a batch again, with backoff, when its rooms could not be looked up: a watcher still learns the user went offline', async () => {
    conversationIdsOf.mockRejectedValueOnce(new Error('database unavailable'));
    announcer.announce(change);
    await jest.advanceTimersByTimeAsync(PRESENCE_WINDOW_MS);
    expect(emitted).toEqual([]);
    await jest.advanceTimersByTimeAsync(PRESENCE_WINDOW_MS * 2 - 1);
    expect(conversationIdsOf).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(conversationIdsOf).toHaveBeenCalledTimes(2);
    expect(emitted).toEqual([{ userId: 'u', status: 'offline', lastSeenAt: null }]);
  });

  it('does not put back a failed change when a newer one of that user came during the flush', async () => {
    conversationIdsOf.mockImplementationOnce(async () => {
      announcer.announce(change);
      throw new Error('database unavailable');
    });
    announcer.announce({ ...change, status: 'online' });
    await jest.advanceTimersByTimeAsync(PRESENCE_RETRY_MAX_MS);
    expect(emitted).toEqual([{ userId: 'u', status: 'offline', lastSeenAt: null }]);
  });

  it('backs off further while lookups keep failing, up to PRESENCE_RETRY_MAX_MS', async () => {
    conversationIdsOf.mockRejectedValue(new Error('database unavailable'));
    announcer.announce(change);
    await jest.advanceTimersByTimeAsync(PRESENCE_WINDOW_MS * (1 + 2 + 4 + 8));
    expect(conversationIdsOf).toHaveBeenCalledTimes(4);
    await jest.advanceTimersByTimeAsync(PRESENCE_RETRY_MAX_MS * 3);
    expect(conversationIdsOf.mock.calls.length).toBeLessThanOrEqual(4 + 3 + 1);
    conversationIdsOf.mockResolvedValue(new Map());
    await jest.advanceTimersByTimeAsync(PRESENCE_RETRY_MAX_MS);
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
