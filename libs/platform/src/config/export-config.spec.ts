import path from 'node:path';
import { EnvReader } from './env-reader';
import { readExport } from './export-config';

describe('tenant export configuration', () => {
  const read = (env: Record<string, string>) => {
    const r = new EnvReader(env);
    return { config: readExport(r, '/var/chat'), problems: r.problems };
  };

  it('keeps exports under DATA_DIR by default, with bounded defaults', () => {
    const { config, problems } = read({});
    expect(problems).toEqual([]);
    expect(config).toEqual({ dir: path.join('/var/chat', 'exports'), retentionHours: 72, maxPendingPerTenant: 2, batchRows: 1000, pollIntervalMs: 5000, leaseSeconds: 120, maxAttempts: 3, listDefaultLimit: 20, listMaxLimit: 100 });
  });

  it('takes every setting from its variable', () => {
    const { config } = read({ EXPORT_DIR: '/srv/exports', EXPORT_RETENTION_HOURS: '1', EXPORT_MAX_PENDING_PER_TENANT: '5', EXPORT_BATCH_ROWS: '2', EXPORT_POLL_INTERVAL_MS: '100', EXPORT_LEASE_SECONDS: '30', EXPORT_MAX_ATTEMPTS: '1', EXPORT_LIST_DEFAULT_LIMIT: '3', EXPORT_LIST_MAX_LIMIT: '4' });
    expect(config).toEqual({ dir: '/srv/exports', retentionHours: 1, maxPendingPerTenant: 5, batchRows: 2, pollIntervalMs: 100, leaseSeconds: 30, maxAttempts: 1, listDefaultLimit: 3, listMaxLimit: 4 });
  });

  it('refuses values out of bounds, naming the variable', () => {
    const { problems } = read({ EXPORT_RETENTION_HOURS: '0', EXPORT_MAX_PENDING_PER_TENANT: '0', EXPORT_BATCH_ROWS: 'many', EXPORT_LEASE_SECONDS: '1', EXPORT_LIST_DEFAULT_LIMIT: '50', EXPORT_LIST_MAX_LIMIT: '10' });
    expect(problems).toEqual([
      'EXPORT_RETENTION_HOURS must be an integer in 1..8760 (got "0")',
      'EXPORT_MAX_PENDING_PER_TENANT must be an integer in 1..100 (got "0")',
      'EXPORT_BATCH_ROWS must be an integer in 1..100000 (got "many")',
      'EXPORT_LEASE_SECONDS must be an integer in 5..86400 (got "1")',
      'EXPORT_LIST_DEFAULT_LIMIT must not exceed EXPORT_LIST_MAX_LIMIT (50 > 10)',
    ]);
  });
});
