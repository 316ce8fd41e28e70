import { DateTimes } from './date-times';

describe('DateTimes', () => {
  // 23:30 UTC on 3 March: already 4 March in Tokyo (UTC+9), still 3 March in New York.
  const late = '2026-03-03T23:30:00.000Z';

  it('shows times in the chosen zone, not the machine’s', () => {
    expect(new DateTimes('de-DE', 'Asia/Tokyo').short(late, new Date('2026-03-04T02:00:00Z'))).toBe('8:30');
    expect(new DateTimes('en-US', 'America/New_York').short(late, new Date('2026-03-03T23:59:00Z'))).toBe('6:30 PM');
  });

  it('decides "today" by the chosen zone', () => {
    const now = new Date('2026-03-04T01:00:00Z');
    // Same calendar day in Tokyo (4 March), so the time alone; in UTC it was yesterday, so the date too.
    expect(new DateTimes('en-GB', 'Asia/Tokyo').short(late, now)).toBe('8:30');
    expect(new DateTimes('en-GB', 'UTC').short(late, now)).toBe('3 Mar, 23:30');
  });

  it('writes dates in the locale’s words', () => {
    expect(new DateTimes('de-DE', 'Europe/Berlin').fullDate(late)).toBe('Mittwoch, 4. März 2026 um 00:30:00');
    expect(new DateTimes('en-US', 'UTC').fullDate(late)).toBe('Tuesday, March 3, 2026 at 11:30:00 PM');
  });

  it('says nothing for an unreadable date', () => {
    expect(new DateTimes('en-US', 'UTC').short('not a date')).toBe('');
    expect(new DateTimes('en-US', 'UTC').fullDate('')).toBe('');
  });
});
