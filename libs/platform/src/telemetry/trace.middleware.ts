import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { inSpan, SpanKind } from './trace-context';

/** A server span per HTTP request, continuing the caller's `traceparent`; handlers run inside it. */
@Injectable()
export class TraceMiddleware implements NestMiddleware {
  use(req: Request, res: Response, next: NextFunction): void {
    const attributes = { 'http.request.method': req.method, 'url.path': req.path };
    void inSpan(`HTTP ${req.method}`, { kind: SpanKind.SERVER, attributes, parentHeaders: req.headers }, () => {
      next();
      return new Promise<void>((resolve) => res.once('close', resolve));
    });
  }
}
