// The handshake's refusal as the client receives it. The gateway builds it in ChatGateway.afterInit
// (`failure.data = {status, error}`) rather than from a contract type, so its shape is written
// down here for the AsyncAPI document; the integration spec checks real refusals against it.
import type { ApiErrorBody, ErrorCode } from '@chat/contracts';

/**
 * Why a handshake is refused: UNSUPPORTED_PROTOCOL (`auth.protocol` names a version this server
 * does not serve; checked first, `supported` lists those it does), UNAUTHENTICATED (no token, a
 * bad one, or an unknown or used ws ticket), TOKEN_EXPIRED, TOKEN_REVOKED (the login has ended),
 * TOO_MANY_CONNECTIONS (the account holds USER_MAX_CONNECTIONS sockets; `retryAfterSeconds`),
 * TENANT_QUOTA_EXCEEDED (the tenant's connection cap; `retryAfterSeconds` and the quota in
 * `details`), SERVICE_UNAVAILABLE or INTERNAL (the server could not check).
 */
export type HandshakeRefusalCode =
  | typeof ErrorCode.UNSUPPORTED_PROTOCOL
  | typeof ErrorCode.UNAUTHENTICATED
  | typeof ErrorCode.TOKEN_EXPIRED
  | typeof ErrorCode.TOKEN_REVOKED
  | typeof ErrorCode.TOO_MANY_CONNECTIONS
  | typeof ErrorCode.TENANT_QUOTA_EXCEEDED
  | typeof ErrorCode.SERVICE_UNAVAILABLE
  | typeof ErrorCode.INTERNAL;

/**
 * The CONNECT_ERROR packet refusing a handshake. A Socket.IO client sees it as the Error given to
 * its `connect_error` listener: `err.message`, and `err.data` with the HTTP status the same refusal
 * would have over REST and the contract's error shape.
 */
export interface HandshakeRefusal {
  message: string;
  data: {
    status: number;
    error: HandshakeRefusalError;
  };
}

export interface HandshakeRefusalError extends Omit<ApiErrorBody, 'code'> {
  code: HandshakeRefusalCode;
}
