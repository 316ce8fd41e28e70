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
