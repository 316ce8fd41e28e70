import { Inject, Injectable } from '@nestjs/common';
import { createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { ErrorCode } from '@chat/contracts';
import { DomainError } from '@chat/domain';
import { APP_CONFIG, type AppConfig } from '@chat/platform';
import { resolveJwtSecret } from './jwt-secret';
import type { Principal } from './principal';

interface AccessClaims {
  sub: string;
  tid: string;
  sid: string;
  typ: 'access';
}

/** Signs and verifies short-lived JWT access tokens (HS256). */
@Injectable()
export class AccessTokens {
  private readonly secret: KeyObject;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    // A KeyObject, not the string: given a string, jsonwebtoken first tries to parse it as a
    // public key on every call, which cost about a quarter of the CPU of a connection storm.
    this.secret = createSecretKey(Buffer.from(resolveJwtSecret(config), 'utf8'));
  }

  issue(principal: Principal): { token: string; expiresAt: Date } {
    const ttl = this.config.auth.accessTokenTtlSeconds;
    const claims: AccessClaims = { sub: principal.userId, tid: principal.tenantId, sid: principal.sessionId, typ: 'access' };
    const token = jwt.sign(claims, this.secret, { algorithm: 'HS256', expiresIn: ttl });
    return { token, expiresAt: new Date(Date.now() + ttl * 1000) };
  }

  verify(token: string): Principal {
    let claims: AccessClaims;
    try {
      claims = jwt.verify(token, this.secret, { algorithms: ['HS256'] }) as AccessClaims;
    } catch (err) {
      if (err instanceof jwt.TokenExpiredError) throw new DomainError(ErrorCode.TOKEN_EXPIRED, 'The access token has expired', '', { cause: err });
      throw new DomainError(ErrorCode.UNAUTHENTICATED, 'The access token is not valid', '', { cause: err });
    }
    if (claims.typ !== 'access' || !claims.sub || !claims.tid || !claims.sid) {
      throw new DomainError(ErrorCode.UNAUTHENTICATED, 'The access token is not valid');
    }
    return { userId: claims.sub, tenantId: claims.tid, sessionId: claims.sid };
  }
}
