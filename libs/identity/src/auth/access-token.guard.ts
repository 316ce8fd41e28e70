import { createParamDecorator, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { ErrorCode } from '@chat/contracts';
import { DomainError } from '@chat/domain';
import { Authenticator } from './authenticator';
import type { Principal } from './principal';

type AuthenticatedRequest = { headers: Record<string, string | undefined>; principal?: Principal };

/** The token of `Authorization: Bearer <token>`, if the request has one. */
export function bearerToken(headers: Record<string, string | string[] | undefined>): string | null {
  const [scheme, token] = String(headers.authorization ?? '').split(' ');
  return scheme?.toLowerCase() === 'bearer' && token ? token : null;
}

/** Requires `Authorization: Bearer <accessToken>` and puts the Principal on the request. */
@Injectable()
export class AccessTokenGuard implements CanActivate {
  constructor(private readonly authenticator: Authenticator) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = bearerToken(req.headers);
    if (!token) throw new DomainError(ErrorCode.UNAUTHENTICATED, 'This endpoint needs an access token');
    req.principal = await this.authenticator.fromAccessToken(token);
    return true;
  }
}

/** The caller resolved by AccessTokenGuard. */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  return context.switchToHttp().getRequest<AuthenticatedRequest>().principal!;
});
