export * from './privacy.module';
export * from './delete-account/account-erasure';
