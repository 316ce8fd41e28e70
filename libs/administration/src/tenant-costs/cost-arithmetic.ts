import type { CostBreakdown, CostPrices, TenantUsageTotals } from '@chat/contracts';
import type { AppConfig } from '@chat/platform';

/** Bytes in a billed gigabyte (2^30, as cloud providers bill storage and egress). */
export const GB = 1024 ** 3;
/** A storage month, for COST_PER_GB_MONTH_STORAGE: byte-days over 30 days. */
export const DAYS_PER_MONTH = 30;

export const NO_USAGE: TenantUsageTotals = { connectionSeconds: 0, socketEgressBytes: 0, mediaEgressBytes: 0, messageStorageByteDays: 0, mediaStorageByteDays: 0 };

export function pricesOf(costs: AppConfig['costs']): CostPrices {
  return { currency: costs.currency, perConnectionHour: costs.perConnectionHour, perGbMonthStorage: costs.perGbMonthStorage, perGbEgress: costs.perGbEgress };
}

/**
 * What a tenant's usage costs by the price sheet. Each amount is rounded to 1e-6 on its own, and
 * the total is the rounded sum of the exact amounts (so a total never carries rounding twice).
 */
export function priceUsage(usage: TenantUsageTotals, prices: CostPrices): CostBreakdown {
  const connections = (usage.connectionSeconds / 3600) * prices.perConnectionHour;
  const socketEgress = (usage.socketEgressBytes / GB) * prices.perGbEgress;
  const mediaEgress = (usage.mediaEgressBytes / GB) * prices.perGbEgress;
  const storage = ((usage.messageStorageByteDays + usage.mediaStorageByteDays) / GB / DAYS_PER_MONTH) * prices.perGbMonthStorage;
  return {
    connections: round(connections),
    socketEgress: round(socketEgress),
    mediaEgress: round(mediaEgress),
    storage: round(storage),
    total: round(connections + socketEgress + mediaEgress + storage),
  };
}

export function addUsage(a: TenantUsageTotals, b: TenantUsageTotals): TenantUsageTotals {
  return {
    connectionSeconds: a.connectionSeconds + b.connectionSeconds,
    socketEgressBytes: a.socketEgressBytes + b.socketEgressBytes,
    mediaEgressBytes: a.mediaEgressBytes + b.mediaEgressBytes,
    messageStorageByteDays: a.messageStorageByteDays + b.messageStorageByteDays,
    mediaStorageByteDays: a.mediaStorageByteDays + b.mediaStorageByteDays,
  };
}

const round = (amount: number) => Math.round(amount * 1e6) / 1e6;
