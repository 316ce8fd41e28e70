import { Module, type DynamicModule } from '@nestjs/common';
import { AdaptersModule } from './adapters.module';
import type { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { HealthModule } from './health/health';
import { LoadModule } from './load/load-monitor';
import { LoggingModule } from './logging/logging.module';
import { MetricsModule } from './metrics/metrics.module';
import { UserRateLimitsModule } from './rate-limit/user-rate-limits';
import { TelemetryModule } from './telemetry/telemetry.module';

/**
 * What every app has: validated config, logs, traces, metrics, health, load shedding, the ports' adapters,
 * and UserRateLimits (each user's per-minute budgets, on the RATE_LIMITER port).
 * `adapters` are the config-built modules of the infra libs (see AdaptersModule); ports they do
 * not bind keep their embedded adapter.
 */
@Module({})
export class PlatformModule {
  static forRoot(config: AppConfig, appName: string, adapters: DynamicModule[] = []): DynamicModule {
    return {
      module: PlatformModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot(config, appName),
        TelemetryModule.forRoot(config, appName),
        MetricsModule,
        HealthModule,
        LoadModule,
        AdaptersModule.forRoot(adapters),
        UserRateLimitsModule,
      ],
    };
  }
}
