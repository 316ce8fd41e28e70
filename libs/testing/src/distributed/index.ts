export * from './engine-env';
export * from './split-cluster';
export * from './trace-collector';
export * from './partitioned-schema';
