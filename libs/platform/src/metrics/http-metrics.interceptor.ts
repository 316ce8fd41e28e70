import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { finalize, type Observable } from 'rxjs';
import { Metrics } from './metrics';

/** Counts and times every HTTP request by its route pattern (not the raw URL, to bound cardinality). */
@Injectable()
export class HttpMetricsInterceptor implements NestInterceptor {
  constructor(private readonly metrics: Metrics) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<Request>();
    const res = context.switchToHttp().getResponse<Response>();
    const route = (req.route as { path?: string } | undefined)?.path ?? 'unmatched';
    const stop = this.metrics.httpDuration.startTimer({ method: req.method, route });
    return next.handle().pipe(
      finalize(() => {
        stop();
        this.metrics.httpRequests.inc({ method: req.method, route, status: String(res.statusCode) });
      }),
    );
  }
}
