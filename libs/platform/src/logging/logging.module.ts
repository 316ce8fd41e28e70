import { Module, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { Options } from 'pino-http';
import { ClsModule } from 'nestjs-cls';
import type { AppConfig } from '../config/app-config';
import { HTTP_LOG_REDACT, MASKED, httpLogSerializers } from './http-log';
import { maskIds } from './id-mask';
import { currentRequestId } from './request-context';

/** The pino-http options of every app (exported for the spec that runs real requests through them). */
export function pinoHttpOptions(config: Pick<AppConfig, 'log'>, appName: string): Options {
  return {
    level: config.log.level,
    base: { app: appName },
    mixin: () => ({ requestId: currentRequestId() }),
    genReqId: (req) => (req as { id?: string }).id ?? currentRequestId(),
    // The request id is already on every line through the mixin.
    quietReqLogger: true,
    autoLogging: { ignore: (req) => ['/health/live', '/metrics'].includes(req.url?.split('?')[0] ?? '') },
    // The URL without its query's values, and no headers: see http-log.ts.
    serializers: httpLogSerializers,
    redact: { paths: HTTP_LOG_REDACT, censor: MASKED },
    ...(config.log.maskIds ? { hooks: { streamWrite: maskIds } } : {}),
  };
}

/**
 * Structured JSON logs (pino). Every line carries the correlation id of the request, socket
 * event or bus event it was written under, and the class that wrote it as `context`.
 */
@Module({})
export class LoggingModule {
  static forRoot(config: AppConfig, appName: string): DynamicModule {
    return {
      module: LoggingModule,
      imports: [ClsModule.forRoot({ global: true }), LoggerModule.forRoot({ pinoHttp: pinoHttpOptions(config, appName) })],
    };
  }
}
