import { applyDecorators, UseInterceptors, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { ApiExtension, DECORATORS } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Observable } from 'rxjs';

/** What a deprecated route tells its callers (see docs/api-versions.md). */
export interface DeprecationNotice {
  /** The day the route was deprecated (ISO date or date-time, UTC): the `Deprecation` header (RFC 9745). */
  since: string;
  /** The day after which it may stop answering (ISO date or date-time, UTC): the `Sunset` header (RFC 8594). */
  sunset: string;
  /** The route that replaces it: `Link: <…>; rel="successor-version"`. */
  successor?: string;
  /** The migration guide (absolute URL or a path on this server): `Link: <…>; rel="deprecation"`, and `rel="sunset"`. */
  guide?: string;
}

function instant(name: string, value: string): Date {
  const at = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(at.getTime())) throw new Error(`@DeprecatedRoute: ${name} must be an ISO date (got "${value}")`);
  return at;
}

/**
 * The headers of a deprecated route: `Deprecation: @<epoch seconds>` (an RFC 9651 Date, as RFC
 * 9745 asks), `Sunset: <IMF-fixdate>` (RFC 8594) and the `Link`s to the guide and the successor.
 * Throws on a notice that cannot be right (bad dates, a sunset before the deprecation), so a
 * mistake stops the app at start rather than sending nonsense.
 */
export function deprecationHeaders(notice: DeprecationNotice): Record<string, string> {
  const since = instant('since', notice.since);
  const sunset = instant('sunset', notice.sunset);
  if (sunset.getTime() < since.getTime()) throw new Error(`@DeprecatedRoute: sunset ${notice.sunset} is before since ${notice.since}`);
  const links: string[] = [];
  if (notice.guide) links.push(`<${notice.guide}>; rel="deprecation"; type="text/html"`, `<${notice.guide}>; rel="sunset"; type="text/html"`);
  if (notice.successor) links.push(`<${notice.successor}>; rel="successor-version"`);
  const headers: Record<string, string> = { Deprecation: `@${Math.floor(since.getTime() / 1000)}`, Sunset: sunset.toUTCString() };
  if (links.length) headers.Link = links.join(', ');
  return headers;
}

/** Sets the notice's headers before the handler runs, so they are on errors too (a `Link` already set is kept and added to). */
class DeprecationHeadersInterceptor implements NestInterceptor {
  constructor(private readonly headers: Record<string, string>) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() === 'http') {
      const res = context.switchToHttp().getResponse<Response>();
      for (const [name, value] of Object.entries(this.headers)) {
        const existing = name === 'Link' ? res.getHeader('Link') : undefined;
        res.setHeader(name, existing ? `${String(existing)}, ${value}` : value);
      }
    }
    return next.handle();
  }
}

/**
 * Marks a route deprecated: the Deprecation, Sunset and Link headers on every answer, and
 * `deprecated: true` (with the sunset and successor in its description) on its OpenAPI operation.
 * Put it above any @ApiOperation of the route, so it adds to that operation instead of being replaced.
 */
export function DeprecatedRoute(notice: DeprecationNotice): MethodDecorator {
  const headers = deprecationHeaders(notice);
  const note = [`Deprecated since ${notice.since}; sunset ${notice.sunset}.`, notice.successor && `Use ${notice.successor} instead.`, notice.guide && `Migration guide: ${notice.guide}.`].filter(Boolean).join(' ');
  const markOperation: MethodDecorator = (_target, _key, descriptor) => {
    const operation = (Reflect.getMetadata(DECORATORS.API_OPERATION, descriptor.value as object) ?? {}) as { description?: string };
    const description = operation.description ? `${operation.description}\n\n${note}` : note;
    Reflect.defineMetadata(DECORATORS.API_OPERATION, { summary: '', ...operation, description, deprecated: true }, descriptor.value as object);
    return descriptor;
  };
  return applyDecorators(UseInterceptors(new DeprecationHeadersInterceptor(headers)), ApiExtension('x-sunset', notice.sunset), markOperation);
}
