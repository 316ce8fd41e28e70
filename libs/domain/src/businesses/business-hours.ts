import { WEEKDAYS, type BusinessHours, type Weekday } from '@chat/contracts';
import { ianaTimeZone } from '../i18n/time-zone';

const TIME = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/;
/** More intervals than this in a day is a mistake, not a schedule (split shifts need two or three). */
export const MAX_INTERVALS_PER_DAY = 8;

/** Whether `at` falls in one of the day's intervals, in the business's time zone; null hours are always open. */
export function isOpenAt(hours: BusinessHours | null, at: Date): boolean {
  if (!hours) return true;
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: hours.timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)!.value;
  const day = part('weekday').toLowerCase() as Weekday;
  const now = Number(part('hour')) * 60 + Number(part('minute'));
  return (hours.days[day] ?? []).some(([open, close]) => minutesOf(open) <= now && now < minutesOf(close));
}

/** What is wrong with a schedule, as validation details (empty when it is fine). */
export function businessHoursProblems(hours: unknown): { field: string; problem: string }[] {
  if (hours === null) return [];
  if (typeof hours !== 'object' || Array.isArray(hours)) return [{ field: 'hours', problem: 'must be an object {timeZone, days} or null' }];
  const { timeZone, days, ...rest } = hours as Record<string, unknown>;
  // Anything else would be stored as sent (a jsonb column), junk of any size included.
  const problems: { field: string; problem: string }[] = Object.keys(rest).map((key) => ({ field: `hours.${key}`, problem: 'is not part of business hours (timeZone, days)' }));
  if (typeof timeZone !== 'string' || ianaTimeZone(timeZone) === null) problems.push({ field: 'hours.timeZone', problem: 'must be an IANA time zone, e.g. Europe/Berlin' });
  if (typeof days !== 'object' || days === null || Array.isArray(days)) return [...problems, { field: 'hours.days', problem: 'must map weekdays (mon … sun) to [open, close] pairs' }];
  for (const [day, intervals] of Object.entries(days)) {
    const field = `hours.days.${day}`;
    if (!(WEEKDAYS as readonly string[]).includes(day)) problems.push({ field, problem: `is not a weekday (${WEEKDAYS.join(', ')})` });
    else if (!Array.isArray(intervals) || intervals.length > MAX_INTERVALS_PER_DAY) problems.push({ field, problem: `must be a list of at most ${MAX_INTERVALS_PER_DAY} [open, close] pairs` });
    else if (!intervals.every(isInterval)) problems.push({ field, problem: 'must hold ["HH:MM", "HH:MM"] pairs, each opening before it closes (24:00 for midnight)' });
  }
  return problems;
}

function isInterval(interval: unknown): boolean {
  if (!Array.isArray(interval) || interval.length !== 2) return false;
  const [open, close] = interval as unknown[];
  return typeof open === 'string' && typeof close === 'string' && TIME.test(open) && TIME.test(close) && minutesOf(open) < minutesOf(close);
}

function minutesOf(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}
