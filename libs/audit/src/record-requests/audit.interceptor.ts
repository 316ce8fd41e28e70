import { Injectable, Logger, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { catchError, concatMap, from, type Observable } from 'rxjs';
import { DEFAULT_TENANT_ID, type AuditOutcome } from '@chat/contracts';
import { currentRequestId, toApiError } from '@chat/platform';
import { AuditLogRepository } from '../audit-log.repository';
import { timeOrderedId } from '../time-ordered-id';
import { AUDITED_ROUTE, type AuditedRoute } from './audited.decorator';

/**
 * The caller AccessTokenGuard put on the request, when the route has one; a login route has no
 * caller yet, but the tenant it logs into (LoginTenantGuard), whose log the entry belongs in.
 */
type AuditedRequest = Request & { principal?: { tenantId: string; userId: string }; tenantId?: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Longest value kept from a request: a detail is context, not a copy of what was asked. */
const DETAIL_MAX_CHARS = 200;

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
    const occurredAt = new Date();
    const record = (outcome: AuditOutcome, actorId: string | null, errorCode: string | null, resultDetails: Record<string, unknown> = {}) => {
      const { conversationId, details } = conversationAndDetails(route, req);
      return this.auditLog.record([
        {
          id: timeOrderedId(occurredAt),
          tenantId: req.principal?.tenantId ?? req.tenantId ?? DEFAULT_TENANT_ID,
          occurredAt,
          action: route.action,
          outcome,
          errorCode,
          actorId: actorId !== null && UUID.test(actorId) ? actorId : null,
          messageId: null,
          conversationId,
          details: { ...details, ...bounded(resultDetails) },
          requestId: currentRequestId(),
          ip: req.ip ?? null,
        },
      ]);
    };
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

function conversationAndDetails(route: AuditedRoute, req: AuditedRequest): { conversationId: string | null; details: Record<string, unknown> } {
  const details = bounded(route.detailsOf ? route.detailsOf(req) : { ...(req.query as Record<string, unknown>) });
  const conversation = route.conversationOf ? route.conversationOf(req) : (req.params?.id ?? req.query?.conversationId);
  if (typeof conversation === 'string' && UUID.test(conversation)) return { conversationId: conversation, details };
  // Not a conversation id (the call failed on it): kept as given, so the entry still says what was asked.
  if (conversation !== undefined) details.conversationId = bounded({ v: conversation }).v;
  return { conversationId: null, details };
}

function bounded(details: Record<string, unknown>): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(details)) {
    if (value === undefined) continue;
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    kept[key.slice(0, 50)] = typeof value === 'number' || typeof value === 'boolean' ? value : text.slice(0, DETAIL_MAX_CHARS);
  }
  return kept;
}
