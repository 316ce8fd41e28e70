/** Days between two calendar dates need their numbers; en-US writes them in Latin digits whatever the page's locale. */
const CALENDAR_LOCALE = 'en-US';
const DAY_MS = 86_400_000;
/** How far back a weekday alone names a day unambiguously: seven days back would be today's weekday again. */
const WEEKDAY_DAYS = 6;

/**
 * Message times in the chosen locale and time zone: the time alone for today, the day and
 * time before, and the full date for tooltips. "Today" is today in that zone, not the browser's.
 */
export class DateTimes {
  private readonly timeOnly: Intl.DateTimeFormat;
  private readonly dateAndTime: Intl.DateTimeFormat;
  private readonly full: Intl.DateTimeFormat;
  private readonly day: Intl.DateTimeFormat;
  private readonly calendarDay: Intl.DateTimeFormat;
  private readonly weekday: Intl.DateTimeFormat;
  private readonly dateOnly: Intl.DateTimeFormat;

  constructor(locale: string, timeZone: string) {
    const format = (options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(locale, { ...options, timeZone });
    this.timeOnly = format({ hour: 'numeric', minute: '2-digit' });
    this.dateAndTime = format({ month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });
    this.full = format({ dateStyle: 'full', timeStyle: 'medium' });
    this.day = format({ year: 'numeric', month: 'numeric', day: 'numeric' });
    this.calendarDay = new Intl.DateTimeFormat(CALENDAR_LOCALE, { year: 'numeric', month: 'numeric', day: 'numeric', timeZone });
    this.weekday = format({ weekday: 'short' });
    this.dateOnly = format({ dateStyle: 'short' });
  }

  /** "14:05" today, "Mar 3, 14:05" before; '' for an unreadable date. */
  short(iso: string, now = new Date()): string {
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) return '';
    return this.day.format(date) === this.day.format(now) ? this.timeOnly.format(date) : this.dateAndTime.format(date);
  }

  /**
   * As short as a line with little room allows (the conversation list): "14:05" today, "Tue" in
   * the six days before, the date ("3/3/26") before that or for a time ahead of today; '' for an
   * unreadable date.
   */
  compact(iso: string, now = new Date()): string {
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) return '';
    const daysAgo = this.dayNumber(now) - this.dayNumber(date);
    if (daysAgo === 0) return this.timeOnly.format(date);
    return daysAgo > 0 && daysAgo <= WEEKDAY_DAYS ? this.weekday.format(date) : this.dateOnly.format(date);
  }

  fullDate(iso: string): string {
    const date = new Date(iso);
    return Number.isNaN(date.getTime()) ? '' : this.full.format(date);
  }

  /** The calendar day in the chosen zone, counted in days since 1970: subtracting two gives the days between them, across DST changes too. */
  private dayNumber(date: Date): number {
    const part = (parts: Intl.DateTimeFormatPart[], type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
    const parts = this.calendarDay.formatToParts(date);
    return Date.UTC(part(parts, 'year'), part(parts, 'month') - 1, part(parts, 'day')) / DAY_MS;
  }
}
