export * from './businesses.module';
export * from './leave-all/account-businesses';
export * from './route-waiting/business-routing.module';
export * from './route-waiting/waiting-routing.job';
