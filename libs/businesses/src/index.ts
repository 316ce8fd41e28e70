export * from './businesses.module';
