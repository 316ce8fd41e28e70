import 'reflect-metadata';
import { runApp } from '@chat/platform';
import { SearchIndexerAppModule } from './app.module';

void runApp({ name: 'search-indexer', rootModule: (config) => SearchIndexerAppModule.forRoot(config) });
