export * from './businesses.module';
export * from './shared/agent-removal';
