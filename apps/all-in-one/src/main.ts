import 'reflect-metadata';
import { runApp } from '@chat/platform';
import { allInOne } from './definition';

void runApp(allInOne);
