export interface User {
  id: string;
  username: string;
  displayName: string;
  isGuest: boolean;
  createdAt: string;
}

export interface RegisterRequest {
  username: string;
  displayName: string;
  password: string;
}

export interface LoginRequest {
  username: string;
  password: string;
}

export interface GuestLoginRequest {
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
 * end, the account leaves its conversations and its messages are erased. 204.
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
}

export interface SessionsResponse {
  sessions: LoginSession[];
}

/** `GET /v1/me`. */
export interface MeResponse {
  user: User;
  /** A tenant administrator (ADMIN_USERNAMES): may ban accounts and read the tenant's moderation and audit logs. */
  isAdmin: boolean;
}

export interface AuthResponse {
  user: User;
  accessToken: string;
  refreshToken: string;
  /** When the access token stops working (ISO-8601). */
  accessTokenExpiresAt: string;
}

export interface WsTicketResponse {
  url: string;
  ticket: string;
  expiresAt: string;
}
