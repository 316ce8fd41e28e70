import { hoursSummary, intervalsText, parseIntervals } from './business-hours';

describe('business hours as text', () => {
  it('reads a day’s line back into the intervals it was written from, padding single-digit hours', () => {
    expect(parseIntervals(intervalsText([['09:00', '12:00'], ['13:00', '17:30']]))).toEqual([['09:00', '12:00'], ['13:00', '17:30']]);
    expect(parseIntervals(' 9:00-17:00 ,, ')).toEqual([['09:00', '17:00']]);
    expect(parseIntervals('')).toEqual([]);
  });

  it('refuses a part that is not two times joined by a dash', () => {
    expect(parseIntervals('nine to five')).toBeNull();
    expect(parseIntervals('09:00–12:00, 13:00')).toBeNull();
  });

  it('sums up the open days in the week’s order with the time zone, or says it is always open', () => {
    expect(hoursSummary(null)).toBe('Always open');
    expect(hoursSummary({ timeZone: 'Europe/Berlin', days: { fri: [['10:00', '14:00']], mon: [['09:00', '17:00']] } })).toBe('Mon 09:00–17:00; Fri 10:00–14:00 (Europe/Berlin)');
    expect(hoursSummary({ timeZone: 'UTC', days: {} })).toBe('No opening hours set (UTC)');
  });
});
