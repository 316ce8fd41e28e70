import 'reflect-metadata';
import { runApp } from '@chat/platform';
import { MediaAppModule } from './app.module';

void runApp({ name: 'media', rootModule: (config) => MediaAppModule.forRoot(config) });
