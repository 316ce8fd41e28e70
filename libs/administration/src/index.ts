export * from './administration.module';
export * from './tenant-costs/drift/cost-drift.job';
export * from './dead-letters/dead-letter-retention.job';
