/**
 * Message times in the chosen locale and time zone: the time alone for today, the day and
 * time before, and the full date for tooltips. "Today" is today in that zone, not the browser's.
 */
export class DateTimes {
  private readonly timeOnly: Intl.DateTimeFormat;
  private readonly dateAndTime: Intl.DateTimeFormat;
  private readonly full: Intl.DateTimeFormat;
  private readonly day: Intl.DateTimeFormat;

  constructor(locale: string, timeZone: string) {
    const format = (options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(locale, { ...options, timeZone });
    this.timeOnly = format({ hour: 'numeric', minute: '2-digit' });
    this.dateAndTime = format({ month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });
    this.full = format({ dateStyle: 'full', timeStyle: 'medium' });
    this.day = format({ year: 'numeric', month: 'numeric', day: 'numeric' });
  }

  /** "14:05" today, "Mar 3, 14:05" before; '' for an unreadable date. */
  short(iso: string, now = new Date()): string {
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) return '';
    return this.day.format(date) === this.day.format(now) ? this.timeOnly.format(date) : this.dateAndTime.format(date);
  }

  fullDate(iso: string): string {
    const date = new Date(iso);
    return Number.isNaN(date.getTime()) ? '' : this.full.format(date);
  }
}
