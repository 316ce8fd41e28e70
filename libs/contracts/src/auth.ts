import type { DeviceBoundLoginRequest } from './device-proof';
import type { UserPreferences } from './preferences';

export interface User {
  id: string;
  username: string;
  displayName: string;
  /**
   * Extension of v1: the person's picture, an http(s) URL from the organisation's main service
   * (profiles.ts), or null: clients draw initials. Never a file this server holds.
   */
  avatarUrl: string | null;
  isGuest: boolean;
  createdAt: string;
}

export interface RegisterRequest extends DeviceBoundLoginRequest {
  username: string;
  displayName: string;
  password: string;
}

export interface LoginRequest extends DeviceBoundLoginRequest {
  username: string;
  password: string;
  /** Required when the account has two-step login on. */
  mfaCode?: string;
  /** Required once failed attempts make a login suspicious (428 CHALLENGE_REQUIRED carries the challenge): its solution. */
  challenge?: LoginChallengeSolution;
}

/**
 * A proof-of-work challenge (seed 003 R11.6), asked of a login after LOGIN_CHALLENGE_AFTER_FAILURES
 * failed attempts for its username from its address (or from anywhere, for an address the account
 * never logged in from): find a `nonce` such that SHA-256 of `${token}:${nonce}` (UTF-8) starts
 * with `bits` zero bits. Each token works once, until `expiresAt`, so every further guess costs a
 * round trip for a new token and its solution; the locks (429) remain the hard limit.
 */
export interface LoginChallenge {
  token: string;
  algorithm: 'sha-256';
  bits: number;
  expiresAt: string;
}

export interface LoginChallengeSolution {
  token: string;
  /** At most 64 characters. */
  nonce: string;
}

export interface GuestLoginRequest extends DeviceBoundLoginRequest {
  username: string;
  displayName?: string;
}

export interface RefreshRequest {
  refreshToken: string;
}

/**
 * `GET /v1/users?q=&limit=`: people of my tenant whose username or display name starts with `q`
 * (case-insensitive), an exact username first, to start a conversation with them.
 */
export interface FindUsersQuery {
  q: string;
  limit?: number;
}

export interface UsersResponse {
  users: User[];
}

/**
 * `DELETE /v1/me`: the holder deletes the account (its password required when it has one): logins
 * end, the account leaves its conversations and its messages are erased. 204; 409
 * OPERATION_NOT_SUPPORTED while its username is in the server's ADMIN_USERNAMES.
 * `GET /v1/me/export`: everything kept about the account, as one JSON download.
 */
export interface DeleteAccountRequest {
  password?: string;
}

/**
 * `GET /v1/me/sessions` → {@link SessionsResponse}: my logins still in force, newest first;
 * `DELETE /v1/me/sessions/:id` → 204: that login ends, its tokens fail and its sockets close
 * (404 `SESSION_NOT_FOUND` for one that is not mine or already ended).
 */
export interface LoginSession {
  id: string;
  createdAt: string;
  /** The last refresh; null if never renewed. */
  lastUsedAt: string | null;
  userAgent: string | null;
  ip: string | null;
  /** The login this request was made with. */
  current: boolean;
  /** Its refresh tokens work only with its device's key (the login sent a `deviceKey`): a copied token renews nothing. */
  deviceBound: boolean;
}

export interface SessionsResponse {
  sessions: LoginSession[];
}

/**
 * `PATCH /v1/me` {@link UpdateProfileRequest} → {@link ProfileResponse}: how I am shown to others
 * (trimmed, 1..DISPLAY_NAME_MAX_CHARS). Everyone who shares a conversation with me, and my own
 * devices, get a `user.updated` frame; names are read live everywhere else (members, the moderation
 * and audit logs, notifications written from then on). With the main service as profile source
 * (profiles.ts), an SSO account's name and avatar follow it: a rename here lasts until its next fetch.
 */
export interface UpdateProfileRequest {
  displayName: string;
}

export interface ProfileResponse {
  user: User;
}

/** `GET /v1/me`. */
export interface MeResponse {
  user: User;
  /** A tenant administrator (ADMIN_USERNAMES): may ban accounts and read the tenant's moderation and audit logs. */
  isAdmin: boolean;
  /** Two-step login is on: logins and sensitive actions (ending another login, deleting the account) need a code. */
  mfaEnabled: boolean;
  /** My language and time zone as kept with the account (see preferences.ts). */
  preferences: UserPreferences;
  /**
   * Extension of v1 (additive): the channels every new account of the tenant joins (DEFAULT_CHANNELS),
   * in order; empty when off. A client with nothing else to open at start opens the first of them
   * the user is a member of, so a new user lands in a channel rather than on an empty pane.
   */
  defaultChannels: string[];
}

/**
 * Two-step login (TOTP, as authenticator apps do it). `POST /v1/me/mfa` → {@link MfaEnrolment}
 * (a new secret, not in force yet; 409 for guests and when already on); `POST /v1/me/mfa/confirm`
 * `{code}` → 204, in force from then on; `DELETE /v1/me/mfa` with `X-MFA-Code` → 204, off.
 * With it on, `POST /v1/auth/login` needs `mfaCode` (401 `MFA_REQUIRED`, 401 `INVALID_MFA_CODE`),
 * and so do `DELETE /v1/me/sessions/:id` and `DELETE /v1/me` (as the `X-MFA-Code` header).
 */
export interface MfaEnrolment {
  /** Base32, for typing into an app by hand. */
  secret: string;
  /** `otpauth://` URI, for a QR code. */
  otpauthUrl: string;
}

export interface ConfirmMfaRequest {
  code: string;
}

export interface AuthResponse {
  user: User;
  accessToken: string;
  refreshToken: string;
  /** When the access token stops working (ISO-8601). */
  accessTokenExpiresAt: string;
}

/** `POST /v1/auth/ws-ticket`'s optional body: without `conversationIds`, the ticket is for the whole account. */
export interface WsTicketRequest {
  /** Scopes the ticket's socket to these conversations (each one the caller is a member of): it acts on them only and gets no account-wide frames. */
  conversationIds?: string[];
}

export interface WsTicketResponse {
  url: string;
  ticket: string;
  expiresAt: string;
  /** Present when the ticket is scoped: the conversations its socket may act on. */
  conversationIds?: string[];
}
