import { Injectable, Logger, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { catchError, concatMap, from, type Observable } from 'rxjs';
import { DEFAULT_TENANT_ID, type AuditOutcome } from '@chat/contracts';
import { toApiError } from '@chat/platform';
import { AuditLogRepository } from '../audit-log.repository';
import { AUDITED_ROUTE, type AuditedRoute } from './audited.decorator';
import { callEntry, type AuditedCall } from './call-entry';

/**
 * The caller AccessTokenGuard put on the request, when the route has one; a login route has no
 * caller yet, but the tenant it logs into (LoginTenantGuard), whose log the entry belongs in.
 */
type AuditedRequest = Request & { principal?: { tenantId: string; userId: string }; tenantId?: string };

/** Writes the entry of an @Audited route's call (see Audited). */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  private readonly logger = new Logger(AuditInterceptor.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly auditLog: AuditLogRepository,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const route = this.reflector.get<AuditedRoute>(AUDITED_ROUTE, context.getHandler());
    const req = context.switchToHttp().getRequest<AuditedRequest>();
    const call: AuditedCall = {
      action: route.action,
      tenantId: req.principal?.tenantId ?? req.tenantId ?? DEFAULT_TENANT_ID,
      occurredAt: new Date(),
      ip: req.ip ?? null,
      conversation: route.conversationOf ? route.conversationOf(req) : (req.params?.id ?? req.query?.conversationId),
      details: route.detailsOf ? route.detailsOf(req) : { ...(req.query as Record<string, unknown>) },
    };
    const record = (outcome: AuditOutcome, actorId: string | null, errorCode: string | null, resultDetails?: Record<string, unknown>) =>
      this.auditLog.record([callEntry(call, outcome, actorId, errorCode, resultDetails)]);
    return next.handle().pipe(
      catchError((err: unknown) =>
        from(
          record('failure', req.principal?.userId ?? null, toApiError(err, '').body.code).then(
            () => Promise.reject(err),
            (auditErr: unknown) => {
              this.logger.error({ err: auditErr, action: route.action }, 'Could not record a failed call in the audit log');
              return Promise.reject(err);
            },
          ),
        ),
      ),
      // A success is only answered once its entry is written: no unrecorded access.
      concatMap((response) => from(record('success', route.actorOf?.(response) ?? req.principal?.userId ?? null, null, route.resultDetailsOf?.(response)).then(() => response))),
    );
  }
}
