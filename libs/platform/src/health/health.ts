import { Controller, Get, Global, HttpCode, Injectable, Module, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { LoadMonitor } from '../load/load-monitor';
import { serverStatus } from '../load/load-policy';

/** Something the process depends on; ready only when every check passes. */
export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
}

/** Modules register their dependency checks here at start-up. */
@Injectable()
export class HealthRegistry {
  private readonly checks: ReadinessCheck[] = [];
  private draining = false;

  register(check: ReadinessCheck): void {
    this.checks.push(check);
  }

  /** Once shutdown begins the process reports not-ready, so load balancers stop sending work. */
  startDraining(): void {
    this.draining = true;
  }

  async report(): Promise<{ ready: boolean; checks: Record<string, string> }> {
    const results = await Promise.all(
      this.checks.map(async (c) => {
        try {
          await c.check();
          return [c.name, 'ok'] as const;
        } catch (err) {
          return [c.name, `failing: ${(err as Error).message}`] as const;
        }
      }),
    );
    const checks: Record<string, string> = Object.fromEntries(results);
    if (this.draining) checks['shutdown'] = 'draining';
    return { ready: !this.draining && results.every(([, r]) => r === 'ok'), checks };
  }
}

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly registry: HealthRegistry,
    private readonly load: LoadMonitor,
  ) {}

  @Get('live')
  @HttpCode(200)
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready(@Res() res: Response): Promise<void> {
    const report = await this.registry.report();
    // A node shedding load is still ready: it serves messages, and taking it out would load the others more.
    const { level, reasons } = this.load.current;
    res.status(report.ready ? 200 : 503).json({ status: report.ready ? 'ready' : 'not-ready', checks: report.checks, load: { ...serverStatus(level), reasons } });
  }
}

@Global()
@Module({ controllers: [HealthController], providers: [HealthRegistry], exports: [HealthRegistry] })
export class HealthModule {}
