export * from './administration.module';
export * from './tenant-costs/drift/cost-drift.job';
