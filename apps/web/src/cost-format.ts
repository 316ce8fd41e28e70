import type { CostDriftEntry, CostPrices, TenantUsageTotals } from '@chat/contracts';
import { activeLocale, formatNumber, t } from './i18n/active-locale';
import type { MessageKey } from './i18n/catalogs';

/** The priced categories of a cost report, in the order they are shown. */
export const COST_CATEGORIES = ['connections', 'socketEgress', 'mediaEgress', 'storage'] as const;
export type CostCategory = (typeof COST_CATEGORIES)[number];

export const CATEGORY_TEXT = { connections: 'costs.connections', socketEgress: 'costs.socketEgress', mediaEgress: 'costs.mediaEgress', storage: 'costs.storage' } as const satisfies Record<CostCategory, MessageKey>;

/** Binary steps, as the server prices them (GB = 2^30 bytes); Intl names the units in the page's language. */
const BYTE_UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const;
/** The server's storage price is per GB kept 30 days; each daily snapshot is a thirtieth of that. */
const DAYS_PER_STORAGE_MONTH = 30;

/** "900 bytes", "4.9 kB", "1.2 GB" in the page's locale. */
export function bytesText(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return formatNumber(value, { style: 'unit', unit: BYTE_UNITS[unit], unitDisplay: unit === 0 ? 'long' : 'short', maximumFractionDigits: unit === 0 ? 0 : 1 });
}

/** Connection time in hours; under an hour with two significant digits, so a short use is not shown as none. */
export function connectionHoursText(seconds: number): string {
  const hours = seconds / 3600;
  const digits: Intl.NumberFormatOptions = hours > 0 && hours < 1 ? { maximumSignificantDigits: 2 } : { maximumFractionDigits: 1 };
  return formatNumber(hours, { style: 'unit', unit: 'hour', unitDisplay: 'long', ...digits });
}

/** An amount in the report's currency; a fraction of a cent keeps two significant digits instead of reading 0.00. */
export function moneyText(amount: number, currency: string): string {
  const tiny = amount > 0 && amount < 0.01;
  return formatNumber(amount, { style: 'currency', currency, ...(tiny ? { maximumSignificantDigits: 2 } : {}) });
}

/** What a category used, in human units. */
export function usageText(category: CostCategory, usage: TenantUsageTotals): string {
  switch (category) {
    case 'connections':
      return connectionHoursText(usage.connectionSeconds);
    case 'socketEgress':
      return bytesText(usage.socketEgressBytes);
    case 'mediaEgress':
      return bytesText(usage.mediaEgressBytes);
    case 'storage':
      return t('costs.storageUsed', { size: bytesText((usage.messageStorageByteDays + usage.mediaStorageByteDays) / DAYS_PER_STORAGE_MONTH) });
  }
}

/** Whether the server has a price sheet: with every price 0 (the default) usage is metered, not billed. */
export function isPriced(prices: CostPrices): boolean {
  return prices.perConnectionHour > 0 || prices.perGbEgress > 0 || prices.perGbMonthStorage > 0;
}

export function pricesText(prices: CostPrices): string {
  const money = (n: number) => moneyText(n, prices.currency);
  return t('costs.prices', { hour: money(prices.perConnectionHour), egress: money(prices.perGbEgress), storage: money(prices.perGbMonthStorage) });
}

/** A UTC day of a report (`YYYY-MM-DD`) as a date in the page's language. */
export function dayText(day: string): string {
  return utcDays().format(Date.parse(`${day}T00:00:00Z`));
}

/** "Dec 1 – 4, 2026" in the page's language. */
export function rangeText(from: string, to: string): string {
  return t('costs.range', { range: utcDays().formatRange(Date.parse(`${from}T00:00:00Z`), Date.parse(`${to}T00:00:00Z`)) });
}

/** The drift notice: the day and how many times its usual the cost was (or that it rose from nothing). */
export function driftText(entry: CostDriftEntry, currency: string): string {
  const day = dayText(entry.day);
  const cost = moneyText(entry.cost, currency);
  if (entry.ratio === null) return t('costs.driftFromNothing', { day, cost });
  return t('costs.driftNotice', { day, cost, ratio: ratioText(entry.ratio), baseline: moneyText(entry.baseline, currency) });
}

/** The operators' table: "Dec 3: 5×". */
export function driftShortText(entry: CostDriftEntry): string {
  const day = dayText(entry.day);
  return entry.ratio === null ? t('costs.driftShortFromNothing', { day }) : t('costs.driftShort', { day, ratio: ratioText(entry.ratio) });
}

function ratioText(ratio: number): string {
  return formatNumber(ratio, { maximumFractionDigits: 1 });
}

function utcDays(): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat(activeLocale().locale, { dateStyle: 'medium', timeZone: 'UTC' });
}
