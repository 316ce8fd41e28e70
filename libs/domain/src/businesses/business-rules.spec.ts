import { businessPresence, pickAgent, type AgentLoad } from './agent-routing';
import { businessHoursProblems, isOpenAt } from './business-hours';

const agent = (userId: string, over: Partial<AgentLoad> = {}): AgentLoad => ({ userId, online: true, openConversations: 0, lastAssignedAt: 0, ...over });

describe('agent routing', () => {
  it('takes turns round-robin: the agent who waited longest since an assignment, ties by id', () => {
    expect(pickAgent([agent('b', { lastAssignedAt: 5 }), agent('a', { lastAssignedAt: 9 }), agent('c', { lastAssignedAt: 5 })], 'round-robin')).toBe('b');
    expect(pickAgent([agent('b', { lastAssignedAt: 5, openConversations: 9 }), agent('a', { lastAssignedAt: 0 })], 'round-robin')).toBe('a');
  });

  it('gives least-busy the agent with the fewest open conversations, then by turn', () => {
    const agents = [agent('a', { openConversations: 3 }), agent('b', { openConversations: 1, lastAssignedAt: 7 }), agent('c', { openConversations: 1, lastAssignedAt: 2 })];
    expect(pickAgent(agents, 'least-busy')).toBe('c');
    expect(pickAgent(agents, 'round-robin')).toBe('a');
  });

  it('prefers agents online now, falls back to all of them, and answers null without agents', () => {
    expect(pickAgent([agent('a', { online: false }), agent('b', { lastAssignedAt: 99 })], 'round-robin')).toBe('b');
    expect(pickAgent([agent('a', { online: false, lastAssignedAt: 3 }), agent('b', { online: false, lastAssignedAt: 1 })], 'round-robin')).toBe('b');
    expect(pickAgent([], 'least-busy')).toBeNull();
  });

  it('shows a business online if an agent is, away if one is away, offline otherwise', () => {
    expect(businessPresence(['offline', 'away', 'online'])).toBe('online');
    expect(businessPresence(['offline', 'away'])).toBe('away');
    expect(businessPresence([])).toBe('offline');
  });
});

describe('business hours', () => {
  const hours = { timeZone: 'Asia/Kathmandu', days: { mon: [['09:00', '12:00'], ['13:00', '17:30']] as [string, string][], sat: [['00:00', '24:00']] as [string, string][] } };

  it('is open inside an interval in the business’s time zone, closed outside and on unlisted days', () => {
    // Monday 2026-11-30: 09:15 in Kathmandu (UTC+05:45) is 03:30 UTC.
    expect(isOpenAt(hours, new Date('2026-11-30T03:30:00Z'))).toBe(true);
    expect(isOpenAt(hours, new Date('2026-11-30T06:30:00Z'))).toBe(false); // 12:15, the lunch break
    expect(isOpenAt(hours, new Date('2026-11-30T11:45:00Z'))).toBe(false); // 17:30, closing time
    expect(isOpenAt(hours, new Date('2026-12-01T04:00:00Z'))).toBe(false); // Tuesday
    expect(isOpenAt(hours, new Date('2026-12-05T18:14:00Z'))).toBe(true); // Saturday 23:59
    expect(isOpenAt(null, new Date())).toBe(true);
  });

  it('names each problem of a schedule', () => {
    expect(businessHoursProblems(hours)).toEqual([]);
    expect(businessHoursProblems(null)).toEqual([]);
    expect(businessHoursProblems({ timeZone: 'Mars/Olympus', days: {} })).toEqual([{ field: 'hours.timeZone', problem: expect.stringContaining('IANA') }]);
    expect(businessHoursProblems({ timeZone: 'UTC', days: { someday: [] } })[0].field).toBe('hours.days.someday');
    expect(businessHoursProblems({ timeZone: 'UTC', days: { mon: [['17:00', '09:00']] } })[0].field).toBe('hours.days.mon');
    expect(businessHoursProblems({ timeZone: 'UTC', days: { mon: [['9:00', '17:00']] } })[0].field).toBe('hours.days.mon');
    expect(businessHoursProblems({ timeZone: 'UTC', days: { mon: Array(9).fill(['09:00', '10:00']) } })[0].problem).toMatch(/at most 8/);
    expect(businessHoursProblems('always')[0].field).toBe('hours');
    expect(businessHoursProblems({ timeZone: 'UTC', days: {}, note: 'x'.repeat(10_000) })).toEqual([{ field: 'hours.note', problem: expect.stringContaining('not part of') }]);
  });
});
