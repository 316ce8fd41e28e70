import { Global, Module, type DynamicModule } from '@nestjs/common';
import { OutboxCommits } from './outbox-commits';
import { OutboxRetention } from './outbox-retention';
import { OutboxRelay } from './outbox.relay';
import { OutboxWriter } from './outbox.writer';

/** The writer goes wherever commands run; the relay, and the pruning of what it published, only in processes that publish. */
@Global()
@Module({})
export class OutboxModule {
  static forRoot(options: { relay: boolean }): DynamicModule {
    return {
      module: OutboxModule,
      providers: [OutboxCommits, OutboxWriter, ...(options.relay ? [OutboxRelay, OutboxRetention] : [])],
      exports: [OutboxCommits, OutboxWriter, ...(options.relay ? [OutboxRetention] : [])],
    };
  }
}
