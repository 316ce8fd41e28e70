import type { LoginChallenge } from './auth';
import type { TenantQuotaDetail } from './tenant-quotas';

/**
 * Stable error codes. Clients switch on these, so a code is never renamed or reused;
 * the HTTP status of each lives in @chat/platform's error filter.
 */
export const ErrorCode = {
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  MALFORMED_JSON: 'MALFORMED_JSON',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  ROUTE_NOT_FOUND: 'ROUTE_NOT_FOUND',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  INVALID_CREDENTIALS: 'INVALID_CREDENTIALS',
  TOKEN_EXPIRED: 'TOKEN_EXPIRED',
  TOKEN_REVOKED: 'TOKEN_REVOKED',
  REFRESH_TOKEN_REUSED: 'REFRESH_TOKEN_REUSED',
  /** A device-bound login's refresh had no valid proof of its device key (device-proof.ts): nothing was spent. */
  DEVICE_PROOF_INVALID: 'DEVICE_PROOF_INVALID',
  GUEST_LOGIN_DISABLED: 'GUEST_LOGIN_DISABLED',
  USERNAME_TAKEN: 'USERNAME_TAKEN',
  USER_NOT_FOUND: 'USER_NOT_FOUND',
  /** One of the two people blocked the other (which one is not said): no new direct conversation, invitation, direct message or reaction in a direct conversation between them (see blocks.ts). */
  CONTACT_BLOCKED: 'CONTACT_BLOCKED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_A_MEMBER: 'NOT_A_MEMBER',
  CONVERSATION_NOT_FOUND: 'CONVERSATION_NOT_FOUND',
  CHANNEL_NAME_TAKEN: 'CHANNEL_NAME_TAKEN',
  CONVERSATION_FULL: 'CONVERSATION_FULL',
  ALREADY_MEMBER: 'ALREADY_MEMBER',
  OWNER_MUST_TRANSFER: 'OWNER_MUST_TRANSFER',
  OPERATION_NOT_SUPPORTED: 'OPERATION_NOT_SUPPORTED',
  /** The conversation is closed (by its owner or an admin): nothing is sent, edited or reacted to until it is reopened; it is still read. */
  CONVERSATION_CLOSED: 'CONVERSATION_CLOSED',
  /** I have FAVOURITE_CONVERSATIONS_MAX favourite conversations already: unstar one first. */
  FAVOURITES_FULL: 'FAVOURITES_FULL',
  /** The conversation has PINNED_MESSAGES_MAX pinned messages already: unpin one first. */
  PINS_FULL: 'PINS_FULL',
  MESSAGE_NOT_FOUND: 'MESSAGE_NOT_FOUND',
  /** An edit named a `version` the message has moved past (someone edited or deleted it since). */
  MESSAGE_VERSION_CONFLICT: 'MESSAGE_VERSION_CONFLICT',
  /** The body breaks the server's content policy (a blocked term, or the moderation service said no): nothing was stored; change it and send again. */
  CONTENT_POLICY_VIOLATION: 'CONTENT_POLICY_VIOLATION',
  /** The message is a tombstone: it can no longer be edited or reacted to. */
  MESSAGE_DELETED: 'MESSAGE_DELETED',
  /** A create sent again with a `clientRequestId` of mine whose other fields differ from what that id created first. */
  CLIENT_REQUEST_ID_REUSED: 'CLIENT_REQUEST_ID_REUSED',
  /** A sync cursor older than the change log keeps (SYNC_CHANGES_RETENTION_DAYS). */
  SYNC_CURSOR_EXPIRED: 'SYNC_CURSOR_EXPIRED',
  /** The feature is turned off for the caller in this tenant (see GET /v1/me/features). */
  FEATURE_DISABLED: 'FEATURE_DISABLED',
  /** No feature flag with that key (the registry in @chat/contracts features.ts lists them). */
  FEATURE_NOT_FOUND: 'FEATURE_NOT_FOUND',
  /** The socket handshake named a contract version the server does not serve; `supported` lists those it does. */
  UNSUPPORTED_PROTOCOL: 'UNSUPPORTED_PROTOCOL',
  /** The login looks like guessing (failed attempts): solve `challenge` and send its solution with the login again. */
  CHALLENGE_REQUIRED: 'CHALLENGE_REQUIRED',
  RATE_LIMITED: 'RATE_LIMITED',
  /** As many people as the tenant may have online (TENANT_MAX_ONLINE_USERS or its override) are connected already; a handshake of someone else waits for one to leave. `details` as TENANT_QUOTA_EXCEEDED's. */
  TOO_MANY_USERS_ONLINE: 'TOO_MANY_USERS_ONLINE',
  /** The account has USER_MAX_CONNECTIONS sockets open already (all its tabs and devices, on every gateway): a socket handshake beyond is refused; close one. */
  TOO_MANY_CONNECTIONS: 'TOO_MANY_CONNECTIONS',
  /** An upload's Content-Type is not on MEDIA_ALLOWED_TYPES, or the bytes are not what it says. */
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  /** The tenant's media quota or the storage's free-space reserve would be exceeded; nothing else is affected. */
  INSUFFICIENT_STORAGE: 'INSUFFICIENT_STORAGE',
  /** No such upload (a signed link to a file that is gone). */
  MEDIA_NOT_FOUND: 'MEDIA_NOT_FOUND',
  /** A media link whose signature does not match. */
  MEDIA_LINK_INVALID: 'MEDIA_LINK_INVALID',
  /** A media link past its expiry: fetch the message again for a fresh one. */
  MEDIA_LINK_EXPIRED: 'MEDIA_LINK_EXPIRED',
  /** The malware scan found something in the upload (the message names the signature); it is held in quarantine for the administrators, nothing else was kept. */
  MEDIA_INFECTED: 'MEDIA_INFECTED',
  /** A `Range` outside the file. */
  RANGE_NOT_SATISFIABLE: 'RANGE_NOT_SATISFIABLE',
  /** A ban of this conversation keeps the user out (joining, being invited) until it ends or is lifted. */
  BANNED_FROM_CONVERSATION: 'BANNED_FROM_CONVERSATION',
  /** This account is banned by a tenant administrator: no login until the ban ends or is lifted. */
  ACCOUNT_BANNED: 'ACCOUNT_BANNED',
  /** The user is not banned (from this conversation, or at all). */
  BAN_NOT_FOUND: 'BAN_NOT_FOUND',
  /** No report with that id in this conversation. */
  REPORT_NOT_FOUND: 'REPORT_NOT_FOUND',
  /** The report was closed already (by a moderator, a tenant administrator or an account ban): its first outcome stands. */
  REPORT_ALREADY_RESOLVED: 'REPORT_ALREADY_RESOLVED',
  /** No login of mine in force with that id. */
  SESSION_NOT_FOUND: 'SESSION_NOT_FOUND',
  /** The account uses two-step login: send the authenticator app's code (`mfaCode`, or `X-MFA-Code` for sensitive actions). */
  MFA_REQUIRED: 'MFA_REQUIRED',
  /** The one-time code is wrong, expired, or was used already. */
  INVALID_MFA_CODE: 'INVALID_MFA_CODE',
  MFA_ALREADY_ENABLED: 'MFA_ALREADY_ENABLED',
  /** Nothing to confirm or turn off: two-step login is not set up (or not started). */
  MFA_NOT_ENABLED: 'MFA_NOT_ENABLED',
  /** No business with that id in this tenant. */
  BUSINESS_NOT_FOUND: 'BUSINESS_NOT_FOUND',
  /** The user is not an agent of the business. */
  AGENT_NOT_FOUND: 'AGENT_NOT_FOUND',
  /** The business has BUSINESS_AGENTS_MAX agents already. */
  BUSINESS_AGENTS_FULL: 'BUSINESS_AGENTS_FULL',
  /** The business is closed (its owner deleted their account with no agent to take it over): no new conversations; existing ones stay readable. */
  BUSINESS_CLOSED: 'BUSINESS_CLOSED',
  /** Another agent has this business conversation: an agent claims only one that waits (or is theirs); the owner hands a taken one over by naming the agent. */
  CONVERSATION_ALREADY_ASSIGNED: 'CONVERSATION_ALREADY_ASSIGNED',
  /** The agent is this business conversation's customer: nobody serves their own conversation with a business. */
  AGENT_IS_CUSTOMER: 'AGENT_IS_CUSTOMER',
  /** No push subscription with that id among mine. */
  PUSH_SUBSCRIPTION_NOT_FOUND: 'PUSH_SUBSCRIPTION_NOT_FOUND',
  /** The email verification code is wrong, expired, or void (5 wrong tries void a code, and a new address or a new code replaces it): ask for a new one. */
  EMAIL_CODE_INVALID: 'EMAIL_CODE_INVALID',
  /** No notification address of mine waits for verification: none is set, or it is verified already. */
  EMAIL_VERIFICATION_NOT_PENDING: 'EMAIL_VERIFICATION_NOT_PENDING',
  /** No tenant with the slug a login named (X-Tenant). */
  TENANT_NOT_FOUND: 'TENANT_NOT_FOUND',
  /** Another tenant has this slug. */
  TENANT_SLUG_TAKEN: 'TENANT_SLUG_TAKEN',
  /** The install runs one tenant (TENANCY_MODE=single): tenants cannot be created. */
  TENANCY_DISABLED: 'TENANCY_DISABLED',
  /** The tenant takes no new accounts by registration (its administrators closed it): single sign-on, or ask them. */
  REGISTRATION_CLOSED: 'REGISTRATION_CLOSED',
  /** A tenant quota (connections, messages per minute) is used up: `details` name the quota, its limit and the upgrade URL; 429 with Retry-After. */
  TENANT_QUOTA_EXCEEDED: 'TENANT_QUOTA_EXCEEDED',
  /** No tenant export with that id in the caller's tenant. */
  EXPORT_NOT_FOUND: 'EXPORT_NOT_FOUND',
  /** The export is not ready (still pending or running, or failed): nothing to download yet. */
  EXPORT_NOT_READY: 'EXPORT_NOT_READY',
  /** The tenant has EXPORT_MAX_PENDING_PER_TENANT exports waiting or running: wait for one to finish. */
  EXPORT_LIMIT_REACHED: 'EXPORT_LIMIT_REACHED',
  /** Single sign-on is off on this server (no OIDC_ISSUER_URL). */
  SSO_NOT_CONFIGURED: 'SSO_NOT_CONFIGURED',
  /** Profiles do not come from a main service on this server (no PROFILE_SOURCE_URL): nothing takes profile-update notices. */
  PROFILE_SOURCE_NOT_CONFIGURED: 'PROFILE_SOURCE_NOT_CONFIGURED',
  /** The SSO callback's state is unknown, expired, used already, or not this browser's. */
  SSO_STATE_INVALID: 'SSO_STATE_INVALID',
  /** The identity provider refused the login or was cancelled (its `error` answer). */
  SSO_DENIED: 'SSO_DENIED',
  /** The identity provider could not be reached or answered something unusable (discovery, token endpoint). */
  SSO_PROVIDER_ERROR: 'SSO_PROVIDER_ERROR',
  /** The ID token failed verification: signature, issuer, audience, expiry or nonce. */
  SSO_ID_TOKEN_INVALID: 'SSO_ID_TOKEN_INVALID',
  /** OIDC_ALLOWED_ROLES is set and the person has none of those roles at the identity provider. */
  SSO_ROLE_NOT_ALLOWED: 'SSO_ROLE_NOT_ALLOWED',
  /** The account this identity is linked to was deleted. */
  SSO_ACCOUNT_DELETED: 'SSO_ACCOUNT_DELETED',
  /** The one-time SSO login code is unknown, expired or used already. */
  SSO_LOGIN_CODE_INVALID: 'SSO_LOGIN_CODE_INVALID',
  /** End-to-end encryption is only for groups and direct conversations (not channels or business chats). */
  E2EE_NOT_SUPPORTED: 'E2EE_NOT_SUPPORTED',
  /** The conversation is end-to-end encrypted: the body must be a ciphertext envelope, not plaintext (or a malformed envelope). */
  E2EE_CIPHERTEXT_REQUIRED: 'E2EE_CIPHERTEXT_REQUIRED',
  /** A ciphertext envelope was sent to a conversation that is not end-to-end encrypted. */
  E2EE_NOT_ENABLED: 'E2EE_NOT_ENABLED',
  /** The body names a key version other than the conversation's current one: fetch the keys and encrypt again. */
  E2EE_KEY_VERSION_STALE: 'E2EE_KEY_VERSION_STALE',
  /** Membership changed (or no key exists yet): a new key version must be distributed before anyone sends. */
  E2EE_ROTATION_REQUIRED: 'E2EE_ROTATION_REQUIRED',
  /** Key envelopes do not cover every current member device (or name devices that are not theirs). */
  E2EE_ENVELOPES_INCOMPLETE: 'E2EE_ENVELOPES_INCOMPLETE',
  /** Server search cannot read end-to-end encrypted conversations: search on the client. */
  E2EE_SEARCH_UNAVAILABLE: 'E2EE_SEARCH_UNAVAILABLE',
  /** The device has no registered E2EE key (register one first), or the user has E2EE_DEVICE_KEYS_MAX already. */
  E2EE_DEVICE_KEY_MISSING: 'E2EE_DEVICE_KEY_MISSING',
  E2EE_DEVICE_KEYS_FULL: 'E2EE_DEVICE_KEYS_FULL',
  /** Another of my logins in force registered a different key under that device id: unlink that device first, or use another id. */
  E2EE_DEVICE_ID_TAKEN: 'E2EE_DEVICE_ID_TAKEN',
  /** None of my registered E2EE devices has that id (`DELETE /v1/me/devices/:deviceId`). */
  E2EE_DEVICE_NOT_FOUND: 'E2EE_DEVICE_NOT_FOUND',
  /** No key backup is stored for this account. */
  E2EE_BACKUP_NOT_FOUND: 'E2EE_BACKUP_NOT_FOUND',
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  /** The database cannot be reached (down, restarting, out of disk or connections): nothing was saved; retry after `retryAfterSeconds`. */
  STORAGE_UNAVAILABLE: 'STORAGE_UNAVAILABLE',
  INTERNAL: 'INTERNAL',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** The one error shape every REST response and socket ack carries. */
export interface ApiErrorBody {
  code: ErrorCode;
  message: string;
  hint: string;
  requestId: string;
  /** Field-level details for VALIDATION_FAILED; for a tenant quota (TENANT_QUOTA_EXCEEDED, TOO_MANY_USERS_ONLINE, INSUFFICIENT_STORAGE) one entry naming the quota, its limit and the upgrade URL. */
  details?: ({ field: string; problem: string } | TenantQuotaDetail)[];
  /** Seconds to wait, for RATE_LIMITED, SERVICE_UNAVAILABLE and STORAGE_UNAVAILABLE (also the Retry-After header). */
  retryAfterSeconds?: number;
  /** The socket contract versions the server serves, for UNSUPPORTED_PROTOCOL. */
  supported?: string[];
  /** For CHALLENGE_REQUIRED: the challenge to solve. */
  challenge?: LoginChallenge;
}

export interface ApiErrorResponse {
  error: ApiErrorBody;
}
