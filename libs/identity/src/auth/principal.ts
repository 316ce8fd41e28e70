/** Who is calling: resolved from an access token or a ws ticket by the Authenticator. */
export interface Principal {
  userId: string;
  tenantId: string;
  sessionId: string;
}
