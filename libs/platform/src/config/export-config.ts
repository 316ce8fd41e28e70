import path from 'node:path';
import type { EnvReader } from './env-reader';

/** Tenant data exports for administrators (`/v1/admin/exports`, @chat/privacy export-tenant/). */
export interface ExportConfig {
  /** EXPORT_DIR: where finished exports are kept (default `<DATA_DIR>/exports`); split, a volume every command replica shares. */
  dir: string;
  /** EXPORT_RETENTION_HOURS: an export (its row and its file) is removed this long after it was requested. */
  retentionHours: number;
  /** EXPORT_MAX_PENDING_PER_TENANT: exports of one tenant waiting or running at once; one more is refused (409 EXPORT_LIMIT_REACHED). */
  maxPendingPerTenant: number;
  /** EXPORT_BATCH_ROWS: rows read per keyset page while an export is written (memory is one page, never the tenant). */
  batchRows: number;
  /** EXPORT_POLL_INTERVAL_MS: how often a worker looks for exports to run and old ones to remove (a request on the same node wakes it at once). */
  pollIntervalMs: number;
  /** EXPORT_LEASE_SECONDS: a running export whose worker has not renewed its claim for this long (a killed process) is taken over by another pass. */
  leaseSeconds: number;
  /** EXPORT_MAX_ATTEMPTS: runs an export gets (each crash or error is one) before it is marked failed. */
  maxAttempts: number;
  /** EXPORT_LIST_DEFAULT_LIMIT / EXPORT_LIST_MAX_LIMIT: exports per page of `GET /v1/admin/exports`. */
  listDefaultLimit: number;
  listMaxLimit: number;
}

export function readExport(r: EnvReader, dataDir: string): ExportConfig {
  const config: ExportConfig = {
    dir: r.string('EXPORT_DIR', path.join(dataDir, 'exports')),
    retentionHours: r.int('EXPORT_RETENTION_HOURS', 72, 1, 24 * 365),
    maxPendingPerTenant: r.int('EXPORT_MAX_PENDING_PER_TENANT', 2, 1, 100),
    batchRows: r.int('EXPORT_BATCH_ROWS', 1000, 1, 100_000),
    pollIntervalMs: r.int('EXPORT_POLL_INTERVAL_MS', 5000, 50, 3_600_000),
    leaseSeconds: r.int('EXPORT_LEASE_SECONDS', 120, 5, 86_400),
    maxAttempts: r.int('EXPORT_MAX_ATTEMPTS', 3, 1, 100),
    listDefaultLimit: r.int('EXPORT_LIST_DEFAULT_LIMIT', 20, 1),
    listMaxLimit: r.int('EXPORT_LIST_MAX_LIMIT', 100, 1, 10_000),
  };
  r.atMost('EXPORT_LIST_DEFAULT_LIMIT', config.listDefaultLimit, 'EXPORT_LIST_MAX_LIMIT', config.listMaxLimit);
  return config;
}
