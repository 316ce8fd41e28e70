import type { AppConfig, Clock, LoadMonitor, UserRateLimits } from '@chat/platform';
import type { ConversationEntity } from '@chat/persistence';
import type { ConversationAccess, Membership } from './conversation-access';
import type { ConversationsRepository } from './conversations.repository';
import { ReceiptAdmission } from './receipt-admission';

const TENANT = 't1';
const ROOM = 'c1';

/** ReceiptAdmission over counting stand-ins for the load level, the rate limit and the membership look-up. */
function admission(options: { cacheMs?: number; entries?: number; members?: Record<string, number> } = {}) {
  const time = { now: 0 };
  const clock: Clock = { now: () => time.now };
  const calls = { lookups: 0, fullChecks: 0, spent: 0 };
  let shedding = false;
  const load = {
    assertServing: () => {
      if (shedding) throw new Error('paused');
    },
  } as unknown as LoadMonitor;
  const rates = { spend: async () => void calls.spent++ } as unknown as UserRateLimits;
  const memberCounts = options.members ?? { alice: 3, bob: 3 };
  // A delivery looks up with the one statement; the full check only words a refusal.
  const conversations = {
    memberCountFor: async (_tenantId: string, _conversationId: string, userId: string) => {
      calls.lookups++;
      return memberCounts[userId] ?? null;
    },
  } as unknown as ConversationsRepository;
  const access = {
    requireMember: async (_tenantId: string, conversationId: string, userId: string): Promise<Membership> => {
      calls.fullChecks++;
      if (!(userId in memberCounts)) throw new Error('CONVERSATION_NOT_FOUND');
      return { conversation: { id: conversationId, memberCount: memberCounts[userId] } as ConversationEntity, role: 'member' };
    },
  } as unknown as ConversationAccess;
  const config = { delivery: { membershipCacheMs: options.cacheMs ?? 10_000, membershipCacheEntries: options.entries ?? 100 } } as AppConfig;
  return { subject: new ReceiptAdmission(load, rates, access, conversations, config, clock), calls, time, shed: () => (shedding = true), memberCounts };
}

describe('ReceiptAdmission', () => {
  it('looks a delivering member up once per DELIVERY_RECEIPTS_MEMBERSHIP_CACHE_MS, spending the rate limit every time', async () => {
    const { subject, calls, time } = admission({ cacheMs: 10_000 });
    expect(await subject.admitDelivery(TENANT, ROOM, 'alice')).toBe(3);
    time.now = 9_999;
    expect(await subject.admitDelivery(TENANT, ROOM, 'alice')).toBe(3);
    expect(calls).toEqual({ lookups: 1, fullChecks: 0, spent: 2 });
    time.now = 10_000;
    await subject.admitDelivery(TENANT, ROOM, 'alice');
    expect(calls).toEqual({ lookups: 2, fullChecks: 0, spent: 3 });
  });

  it('keeps each member apart, and looks up every time with a cache of 0 ms', async () => {
    const { subject, calls } = admission({ cacheMs: 0 });
    await subject.admitDelivery(TENANT, ROOM, 'alice');
    await subject.admitDelivery(TENANT, ROOM, 'alice');
    await subject.admitDelivery(TENANT, ROOM, 'bob');
    expect(calls.lookups).toBe(3);
  });

  it('never keeps a refusal: an outsider is looked up, and refused by the full check, each time', async () => {
    const { subject, calls } = admission();
    await expect(subject.admitDelivery(TENANT, ROOM, 'mallory')).rejects.toThrow('CONVERSATION_NOT_FOUND');
    await expect(subject.admitDelivery(TENANT, ROOM, 'mallory')).rejects.toThrow('CONVERSATION_NOT_FOUND');
    expect(calls).toMatchObject({ lookups: 2, fullChecks: 2 });
  });

  it('holds at most DELIVERY_RECEIPTS_MEMBERSHIP_CACHE_ENTRIES answers, dropping the oldest', async () => {
    const { subject, calls } = admission({ entries: 1 });
    await subject.admitDelivery(TENANT, ROOM, 'alice');
    await subject.admitDelivery(TENANT, ROOM, 'bob');
    await subject.admitDelivery(TENANT, ROOM, 'alice');
    expect(calls.lookups).toBe(3);
  });

  it('looks a reader up every time: a read is capped at the last seq as it is now', async () => {
    const { subject, calls } = admission();
    await subject.admit(TENANT, ROOM, 'alice');
    await subject.admit(TENANT, ROOM, 'alice');
    expect(calls).toEqual({ lookups: 0, fullChecks: 2, spent: 2 });
  });

  it('refuses both kinds while the node sheds load, before spending or looking anything up', async () => {
    const { subject, calls, shed } = admission();
    shed();
    await expect(subject.admitDelivery(TENANT, ROOM, 'alice')).rejects.toThrow('paused');
    await expect(subject.admit(TENANT, ROOM, 'alice')).rejects.toThrow('paused');
    expect(calls).toEqual({ lookups: 0, fullChecks: 0, spent: 0 });
  });
});
