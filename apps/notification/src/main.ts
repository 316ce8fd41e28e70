import 'reflect-metadata';
import { runApp } from '@chat/platform';
import { NotificationAppModule } from './app.module';

void runApp({ name: 'notification', rootModule: (config) => NotificationAppModule.forRoot(config) });
