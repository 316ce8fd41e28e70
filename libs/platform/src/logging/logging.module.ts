import { Module, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { ClsModule } from 'nestjs-cls';
import type { AppConfig } from '../config/app-config';
import { currentRequestId } from './request-context';

/**
 * Structured JSON logs (pino). Every line carries the correlation id of the request, socket
 * event or bus event it was written under, and the class that wrote it as `context`.
 */
@Module({})
export class LoggingModule {
  static forRoot(config: AppConfig, appName: string): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        ClsModule.forRoot({ global: true }),
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.log.level,
            base: { app: appName },
            mixin: () => ({ requestId: currentRequestId() }),
            genReqId: (req) => (req as { id?: string }).id ?? currentRequestId(),
            // The request id is already on every line through the mixin.
            quietReqLogger: true,
            autoLogging: { ignore: (req) => req.url === '/health/live' || req.url === '/metrics' },
            serializers: { req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url }) },
          },
        }),
      ],
    };
  }
}
