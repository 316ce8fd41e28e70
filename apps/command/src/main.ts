import 'reflect-metadata';
import { runApp } from '@chat/platform';
import { CommandAppModule } from './app.module';

void runApp({
  name: 'command',
  rootModule: (config) => CommandAppModule.forRoot(config),
  // Behind a gateway: the caller's address (auth rate limits) and scheme come from X-Forwarded-*.
  trustProxy: ['loopback', 'linklocal', 'uniquelocal'],
});
