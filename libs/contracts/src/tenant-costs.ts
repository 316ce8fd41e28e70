/**
 * Per-tenant infrastructure costs (seed 003, R19.3): what each tenant used of WebSockets, egress
 * and storage over a range of UTC days, priced with the server's price sheet, and the tenants the
 * drift job flagged. Days are `YYYY-MM-DD` (UTC), both ends included.
 */
export interface CostRangeQuery {
  from: string;
  to: string;
}

/** The price sheet in force (COST_* settings). GB = 2^30 bytes, as cloud providers bill it. */
export interface CostPrices {
  currency: string;
  perConnectionHour: number;
  perGbMonthStorage: number;
  perGbEgress: number;
}

/** What a tenant used over the range. Storage is byte-days: each day's snapshot of what the tenant keeps, summed. */
export interface TenantUsageTotals {
  connectionSeconds: number;
  /** Socket.IO packets written to the tenant's sockets (engine.io packet bytes, before WebSocket/TLS framing). */
  socketEgressBytes: number;
  /** Media bytes served from `/v1/media/:id/...` (what was streamed, ranges included). */
  mediaEgressBytes: number;
  messageStorageByteDays: number;
  mediaStorageByteDays: number;
}

/** The cost of each category and their sum, in `CostPrices.currency`, rounded to 1e-6. */
export interface CostBreakdown {
  connections: number;
  socketEgress: number;
  mediaEgress: number;
  storage: number;
  total: number;
}

export interface TenantCostLine {
  tenantId: string;
  slug: string;
  usage: TenantUsageTotals;
  cost: CostBreakdown;
}

/** A tenant whose cost on `day` was at least COST_DRIFT_RATIO times its average over the COST_DRIFT_WINDOW_DAYS before. */
export interface CostDriftEntry {
  tenantId: string;
  day: string;
  cost: number;
  /** The trailing average it was compared with. */
  baseline: number;
  /** cost / baseline; null when the baseline was 0 (a tenant whose cost went from nothing to something). */
  ratio: number | null;
  detectedAt: string;
}

/** GET /v1/admin/cost-report?from=&to= (platform operators): every tenant, most expensive first. */
export interface CostReportResponse {
  from: string;
  to: string;
  prices: CostPrices;
  tenants: TenantCostLine[];
  total: CostBreakdown;
  /** Drift flagged on days within the range, newest first. */
  drift: CostDriftEntry[];
}

/** GET /v1/tenant/costs?from=&to= (the tenant's own administrators). */
export interface TenantCostsResponse extends TenantCostLine {
  from: string;
  to: string;
  prices: CostPrices;
  drift: CostDriftEntry[];
}
