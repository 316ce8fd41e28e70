import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { currentRequestId } from '../logging/request-context';
import { logApiError, toApiError } from './api-error';

/** Maps every exception thrown under an HTTP route to the contract's error shape. */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(ApiExceptionFilter.name);

  catch(err: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw err;
    sendApiError(host.switchToHttp().getResponse<Response>(), err, this.logger);
  }
}

export function sendApiError(res: Response, err: unknown, logger: Logger): void {
  const error = toApiError(err, currentRequestId());
  const { status, body } = error;
  logApiError(logger, error, err, {}, 'Unhandled error');
  if (body.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(body.retryAfterSeconds));
  if (!res.headersSent) res.status(status).json({ error: body });
}
