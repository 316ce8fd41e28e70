export * from './features.module';
export * from './shared/feature-flags';
export * from './guard/requires-feature.guard';
export * from './evaluation/feature-evaluation';
