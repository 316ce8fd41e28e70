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

describe('DateTimes.compact', () => {
  // Sunday 8 March 2026, 10:00 in Berlin (UTC+1).
  const now = new Date('2026-03-08T09:00:00Z');
  const berlin = new DateTimes('en-GB', 'Europe/Berlin');

  it('shows the time alone for today in the chosen zone', () => {
    expect(berlin.compact('2026-03-07T23:30:00Z', now)).toBe('0:30'); // already 8 March in Berlin
    expect(new DateTimes('en-GB', 'UTC').compact('2026-03-07T23:30:00Z', now)).toBe('Sat');
  });

  it('shows the weekday for the six days before today, and the date before that', () => {
    expect(berlin.compact('2026-03-07T12:00:00Z', now)).toBe('Sat');
    expect(berlin.compact('2026-03-02T12:00:00Z', now)).toBe('Mon');
    // Seven days back is a Sunday again, which a weekday alone would not tell from today.
    expect(berlin.compact('2026-03-01T12:00:00Z', now)).toBe('01/03/2026');
    expect(new DateTimes('de-DE', 'Europe/Berlin').compact('2025-12-24T12:00:00Z', now)).toBe('24.12.25');
  });

  it('counts calendar days across a change to summer time', () => {
    // Berlin moves to summer time on 29 March 2026: 23 hours that Sunday.
    const monday = new Date('2026-03-30T06:00:00Z');
    expect(berlin.compact('2026-03-28T23:30:00Z', monday)).toBe('Sun'); // 00:30 on Sunday, 28.5 hours before
    expect(berlin.compact('2026-03-23T12:00:00Z', monday)).toBe('23/03/2026');
  });

  it('shows the date for a time ahead of today, and nothing for an unreadable one', () => {
    expect(berlin.compact('2026-03-09T12:00:00Z', now)).toBe('09/03/2026');
    expect(berlin.compact('not a date', now)).toBe('');
  });
});
