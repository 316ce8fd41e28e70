import { applyDecorators, SetMetadata, UseInterceptors } from '@nestjs/common';
import type { Request } from 'express';
import type { AuditAction } from '@chat/contracts';
import { AuditInterceptor } from './audit.interceptor';

export const AUDITED_ROUTE = Symbol('AUDITED_ROUTE');

/** How a route's calls become audit entries. */
export interface AuditedRoute {
  action: AuditAction;
  /** The actor of a route without a principal (a login): the user its response is for. */
  actorOf?: (response: unknown) => string | undefined;
  /** What of the request to keep (never a secret); by default its query string. */
  detailsOf?: (req: Request) => Record<string, unknown>;
  /** What of a successful response to keep besides, such as the id of what the call created. */
  resultDetailsOf?: (response: unknown) => Record<string, unknown>;
  /** The conversation the call is about; by default the `:id` route parameter or `conversationId` query parameter. */
  conversationOf?: (req: Request) => unknown;
}

/**
 * Records every call of the route in the audit log, success or failure (with the error code),
 * before the caller gets the answer: a response that served history or issued a credential always
 * has its entry. Calls refused before the route runs (no valid access token, a rate limit) have no
 * actor to record and are not logged here.
 */
export const Audited = (route: AuditedRoute) => applyDecorators(SetMetadata(AUDITED_ROUTE, route), UseInterceptors(AuditInterceptor));
