export * from './administration.module';
