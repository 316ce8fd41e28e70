export * from './errors';
export * from './auth';
export * from './conversations';
export * from './messages';
export * from './events';
export * from './socket';
export * from './tenancy';
export * from './sync';
