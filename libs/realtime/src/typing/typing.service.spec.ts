import type { UserBlock } from '@chat/domain';
import type { UserBlocksRepository } from '@chat/identity';
import { InMemoryTypingStore, Metrics, type AppConfig, type UserRateLimits } from '@chat/platform';
import type { ChatGateway } from '../chat.gateway';
import { RealtimeMetrics } from '../realtime-metrics';
import { TypingAdmission } from './typing-admission';
import { TypingService } from './typing.service';

describe('TypingService in a direct conversation', () => {
  const key = { tenantId: 't', conversationId: 'direct' };
  const block: UserBlock = { blockerId: 'bob', blockedId: 'alice' };
  const frames: string[][] = [];
  const gateway = { server: { to: () => ({ emit: (_event: string, frame: { userIds: string[] }) => frames.push(frame.userIds) }) } } as unknown as ChatGateway;
  const config = { presence: { typingTtlMs: 5_000 } } as AppConfig;
  const clock = { now: () => 1_000_000 };
  let store: InMemoryTypingStore;
  let blocks: UserBlock[];
  /** Runs while a block lookup is on its way back, after Postgres answered it. */
  let duringLookup: (() => Promise<void>) | null;
  const between = jest.fn(async (): Promise<UserBlock[]> => {
    const answer = [...blocks];
    const interleaved = duringLookup;
    duringLookup = null;
    await interleaved?.();
    return answer;
  });
  let service: TypingService;

  beforeEach(() => {
    frames.length = 0;
    blocks = [];
    duringLookup = null;
    between.mockClear();
    store = new InMemoryTypingStore();
    const rates = { spend: async () => undefined } as unknown as UserRateLimits;
    const admission = new TypingAdmission(rates, { between } as unknown as UserBlocksRepository);
    service = new TypingService(store, clock, config, gateway, new RealtimeMetrics(new Metrics()), admission);
  });

  it('shows a start across no block with one frame', async () => {
    await service.typing(key, 'alice', true, 'bob');
    expect(frames).toEqual([['alice']]);
    expect(await store.list(key, clock.now())).toEqual(['alice']);
  });

  it('never shows a start whose block lookup ran just before the block committed and was kept after the block ended typing', async () => {
    // Alice's lookup found no block; before her start is kept, Bob's block commits and the fan-out
    // (RealtimeFanout on this or another node) ends both people's typing, finding nobody typing yet.
    duringLookup = async () => {
      blocks = [block];
      await service.blocked(key, 'bob', 'alice');
    };
    await service.typing(key, 'alice', true, 'bob');
    expect(await store.list(key, clock.now())).toEqual([]);
    expect(frames.filter((userIds) => userIds.includes('alice'))).toEqual([]);
  });

  it('looks blocks up a second time for a start that shows someone anew, not for one that extends an indicator already shown', async () => {
    await service.typing(key, 'alice', true, 'bob');
    expect(between).toHaveBeenCalledTimes(2);
    await service.typing(key, 'alice', true, 'bob');
    expect(between).toHaveBeenCalledTimes(3);
    expect(frames).toEqual([['alice']]);
  });

  it('ends both people\'s typing for a block that still stands, and nothing for one undone since (its event handled late)', async () => {
    await service.typing(key, 'alice', true, 'bob');
    await service.blocked(key, 'bob', 'alice'); // undone before its event was handled: alice's new start stays
    expect(await store.list(key, clock.now())).toEqual(['alice']);
    expect(frames).toEqual([['alice']]);
    blocks = [block];
    await service.blocked(key, 'bob', 'alice');
    expect(await store.list(key, clock.now())).toEqual([]);
    expect(frames).toEqual([['alice'], []]);
  });

  it('keeps nothing and sends nothing for a start across a block standing before it', async () => {
    blocks = [block];
    await service.typing(key, 'alice', true, 'bob');
    expect(between).toHaveBeenCalledTimes(1);
    expect(frames).toEqual([]);
    expect(await store.list(key, clock.now())).toEqual([]);
  });
});
