import { ErrorCode } from '@chat/contracts';

/** Every code's HTTP status. A Record, so adding a code without a status fails to compile. */
export const ERROR_STATUS: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  MALFORMED_JSON: 400,
  PAYLOAD_TOO_LARGE: 413,
  ROUTE_NOT_FOUND: 404,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  TOKEN_EXPIRED: 401,
  TOKEN_REVOKED: 401,
  REFRESH_TOKEN_REUSED: 401,
  GUEST_LOGIN_DISABLED: 403,
  USERNAME_TAKEN: 409,
  USER_NOT_FOUND: 404,
  FORBIDDEN: 403,
  NOT_A_MEMBER: 403,
  CONVERSATION_NOT_FOUND: 404,
  CHANNEL_NAME_TAKEN: 409,
  CONVERSATION_FULL: 409,
  ALREADY_MEMBER: 409,
  OWNER_MUST_TRANSFER: 409,
  OPERATION_NOT_SUPPORTED: 409,
  MESSAGE_NOT_FOUND: 404,
  MESSAGE_VERSION_CONFLICT: 409,
  MESSAGE_DELETED: 409,
  RATE_LIMITED: 429,
  SERVICE_UNAVAILABLE: 503,
  INTERNAL: 500,
};

/** What to tell a caller who got a code without a more specific hint. */
export const DEFAULT_HINT: Partial<Record<ErrorCode, string>> = {
  VALIDATION_FAILED: 'Fix the fields listed in details and retry',
  MALFORMED_JSON: 'Send a valid JSON body with Content-Type: application/json',
  PAYLOAD_TOO_LARGE: 'Send a smaller request',
  ROUTE_NOT_FOUND: 'See /docs for the available endpoints',
  UNAUTHENTICATED: 'Send Authorization: Bearer <accessToken>',
  TOKEN_EXPIRED: 'Refresh the access token with POST /v1/auth/refresh',
  TOKEN_REVOKED: 'Log in again',
  MESSAGE_VERSION_CONFLICT: 'Reload the message and apply your edit to its current version',
  RATE_LIMITED: 'Slow down and retry after the Retry-After seconds',
  SERVICE_UNAVAILABLE: 'Retry shortly',
  INTERNAL: 'Retry; if it persists, report the requestId',
};
