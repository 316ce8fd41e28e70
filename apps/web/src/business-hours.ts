import { WEEKDAYS, type BusinessHours, type Weekday } from '@chat/contracts';
import { t, weekdayName } from './i18n/active-locale';

/** "Monday" (`long`) or "Mon" (`short`), in the page's language. */
export function weekdayOf(day: Weekday, width: 'long' | 'short'): string {
  return weekdayName(WEEKDAYS.indexOf(day), width);
}

const INTERVAL = /^(\d{1,2}:\d{2})\s*[-–—]\s*(\d{1,2}:\d{2})$/;

/** A day's intervals as one editable line: "09:00–12:00, 13:00–17:00"; empty when closed. */
export function intervalsText(intervals: readonly [string, string][] | undefined): string {
  return (intervals ?? []).map(([open, close]) => `${open}–${close}`).join(', ');
}

/**
 * A day's line back into intervals ("9:00-17:00" becomes ["09:00", "17:00"]); null when a part is
 * not two times joined by a dash. Whether the times make sense is the server's check, which names
 * the day it refuses.
 */
export function parseIntervals(text: string): [string, string][] | null {
  const parts = text.split(',').map((p) => p.trim()).filter(Boolean);
  const intervals: [string, string][] = [];
  for (const part of parts) {
    const match = INTERVAL.exec(part);
    if (!match) return null;
    intervals.push([match[1].padStart(5, '0'), match[2].padStart(5, '0')]);
  }
  return intervals;
}

/** "Always open", or the open days with their times and the time zone they are in. */
export function hoursSummary(hours: BusinessHours | null): string {
  if (!hours) return t('business.alwaysOpen');
  const open = WEEKDAYS.filter((day) => hours.days[day]?.length).map((day) => `${weekdayOf(day, 'short')} ${intervalsText(hours.days[day])}`);
  return open.length ? t('business.hours', { days: open.join('; '), zone: hours.timeZone }) : t('business.noHours', { zone: hours.timeZone });
}
