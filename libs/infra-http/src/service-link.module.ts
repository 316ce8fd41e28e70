import { Module, type DynamicModule } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { COMMAND_DISPATCHER, QUERY_DISPATCHER, type AppConfig } from '@chat/platform';
import { HttpDispatcher } from './dispatch/http-dispatcher';
import { InternalDispatchController, ServiceTokenGuard } from './dispatch/internal-dispatch.controller';
import { MessageRegistry } from './dispatch/message-registry';

/**
 * The gateway's side of a split deployment: with COMMAND_URL/QUERY_URL set, the command and query
 * dispatchers call those apps; otherwise this binds nothing and the in-process buses stay.
 */
@Module({})
export class ServiceLinkModule {
  static forRoot(config: AppConfig): DynamicModule {
    const { commandUrl, queryUrl, token, timeoutMs } = config.services;
    if (!commandUrl || !queryUrl || !token) return { module: ServiceLinkModule };
    return {
      module: ServiceLinkModule,
      providers: [
        { provide: COMMAND_DISPATCHER, useFactory: () => new HttpDispatcher(commandUrl, 'commands', token, timeoutMs) },
        { provide: QUERY_DISPATCHER, useFactory: () => new HttpDispatcher(queryUrl, 'queries', token, timeoutMs) },
      ],
      exports: [COMMAND_DISPATCHER, QUERY_DISPATCHER],
    };
  }
}

/** The command and query apps' side: runs what a gateway dispatched, for holders of SERVICE_TOKEN. */
@Module({
  imports: [DiscoveryModule, CqrsModule],
  controllers: [InternalDispatchController],
  providers: [MessageRegistry, ServiceTokenGuard],
})
export class InternalDispatchModule {}
