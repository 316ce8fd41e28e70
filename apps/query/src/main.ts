import 'reflect-metadata';
import { runApp } from '@chat/platform';
import { QueryAppModule } from './app.module';

void runApp({
  name: 'query',
  rootModule: (config) => QueryAppModule.forRoot(config),
  // Behind a gateway: the caller's address and scheme come from X-Forwarded-*.
  trustProxy: ['loopback', 'linklocal', 'uniquelocal'],
});
