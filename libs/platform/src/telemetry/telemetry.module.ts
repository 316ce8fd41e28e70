import { Module, RequestMethod, type DynamicModule, type MiddlewareConsumer, type NestModule, type OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { flushTelemetry, startTelemetry } from './telemetry';
import { TraceMiddleware } from './trace.middleware';

/** Starts tracing for the app and opens a server span around every HTTP request. */
@Module({})
export class TelemetryModule implements NestModule, OnApplicationShutdown {
  static forRoot(config: AppConfig, appName: string): DynamicModule {
    startTelemetry(config.telemetry, appName);
    return { module: TelemetryModule, providers: [TraceMiddleware] };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(TraceMiddleware).forRoutes({ path: '*path', method: RequestMethod.ALL });
  }

  async onApplicationShutdown(): Promise<void> {
    await flushTelemetry();
  }
}
