export * from './businesses.module';
export * from './leave-all/account-businesses';
