export * from './privacy.module';
export * from './delete-account/account-deletion.module';
export * from './delete-account/account-erasure';
export * from './export-tenant/tenant-export.module';
