import type { Provider } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@chat/platform';
import { VAPID_KEYS, resolveVapidKeys } from './vapid-keys';

export const VapidKeysProvider: Provider = { provide: VAPID_KEYS, inject: [APP_CONFIG], useFactory: (config: AppConfig) => resolveVapidKeys(config) };
