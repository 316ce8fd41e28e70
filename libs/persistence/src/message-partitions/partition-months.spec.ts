import { MONTH_START_GUARD_MS, boundTime, monthStart, nearMonthStart, partitionName, partitionsToAdd } from './partition-months';

const at = (iso: string) => new Date(iso);

describe('monthly partitions of messages', () => {
  it('continues from mid-month: the first partition runs to the end of its month, then whole months through the horizon', () => {
    const added = partitionsToAdd(at('2026-12-06T13:00:05Z'), at('2026-12-06T13:00:00Z'), 2);
    expect(added.map((p) => [p.name, p.from.toISOString(), p.to.toISOString()])).toEqual([
      ['messages_y2026m12', '2026-12-06T13:00:05.000Z', '2027-01-01T00:00:00.000Z'],
      ['messages_y2027m01', '2027-01-01T00:00:00.000Z', '2027-02-01T00:00:00.000Z'],
      ['messages_y2027m02', '2027-02-01T00:00:00.000Z', '2027-03-01T00:00:00.000Z'],
    ]);
  });

  it('adds nothing while the newest partition already reaches the horizon, and only the missing months once it does not', () => {
    expect(partitionsToAdd(at('2027-03-01T00:00:00Z'), at('2026-12-31T23:59:59Z'), 2)).toEqual([]);
    expect(partitionsToAdd(at('2027-03-01T00:00:00Z'), at('2027-01-01T00:00:00Z'), 2).map((p) => p.name)).toEqual(['messages_y2027m03']);
  });

  it('catches up after a long stop, without a gap', () => {
    const added = partitionsToAdd(at('2026-01-01T00:00:00Z'), at('2026-06-15T00:00:00Z'), 1);
    expect(added.map((p) => p.name)).toEqual(['messages_y2026m01', 'messages_y2026m02', 'messages_y2026m03', 'messages_y2026m04', 'messages_y2026m05', 'messages_y2026m06', 'messages_y2026m07']);
    added.slice(1).forEach((p, i) => expect(p.from).toEqual(added[i].to));
  });

  it('names a partition by the UTC month it starts in and reads a bound id back as its instant', () => {
    expect(monthStart(at('2027-02-28T23:59:59.999Z')).toISOString()).toBe('2027-02-01T00:00:00.000Z');
    expect(partitionName(at('2027-10-01T00:00:00Z'))).toBe('messages_y2027m10');
    expect(boundTime('019be1a0-9c00-7000-8000-000000000000').getTime()).toBe(0x019be1a09c00);
  });

  it('tells the sends near a month’s start, on either side of it, from the rest of the month', () => {
    const start = Date.UTC(2027, 2, 1);
    expect(nearMonthStart(new Date(start))).toBe(true);
    expect(nearMonthStart(new Date(start + MONTH_START_GUARD_MS - 1))).toBe(true);
    expect(nearMonthStart(new Date(start - MONTH_START_GUARD_MS))).toBe(true);
    expect(nearMonthStart(new Date(start + MONTH_START_GUARD_MS))).toBe(false);
    expect(nearMonthStart(new Date(start - MONTH_START_GUARD_MS - 1))).toBe(false);
    expect(nearMonthStart(new Date(Date.UTC(2027, 2, 15)))).toBe(false);
  });
});
