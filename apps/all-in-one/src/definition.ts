import path from 'node:path';
import type { AppDefinition } from '@chat/platform';
import { createRedisPubSub } from '@chat/infra-redis';
import { ConfiguredIoAdapter } from '@chat/realtime';
import { AllInOneModule } from './app.module';

/** The web client's static files, served at `/`. */
export const WEB_ROOT = path.resolve(__dirname, '../../web/public');

export const allInOne: AppDefinition = {
  name: 'all-in-one',
  rootModule: (config) => AllInOneModule.forRoot(config),
  setup: (app, config) => {
    app.useWebSocketAdapter(new ConfiguredIoAdapter(app, config, createRedisPubSub));
    app.useStaticAssets(WEB_ROOT, { index: 'index.html' });
  },
};
