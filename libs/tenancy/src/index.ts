export * from './tenant-quotas/tenant-quotas';
export * from './tenant-quotas/tenant-quotas.module';
export * from './usage/usage-meter';
export * from './usage/usage-flusher';
export * from './usage/tenant-usage.repository';
export * from './usage/usage-metering.module';
