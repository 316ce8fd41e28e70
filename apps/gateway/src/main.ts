import 'reflect-metadata';
import { forwardPublicApi } from '@chat/infra-http';
import { runApp } from '@chat/platform';
import { createRedisPubSub } from '@chat/infra-redis';
import { ConfiguredIoAdapter } from '@chat/realtime';
import { GatewayAppModule } from './app.module';

void runApp({
  name: 'gateway',
  rootModule: (config) => GatewayAppModule.forRoot(config),
  setup: (app, config) => {
    forwardPublicApi(app, config);
    app.useWebSocketAdapter(new ConfiguredIoAdapter(app, config, createRedisPubSub));
  },
});
