/** Who is calling: resolved from an access token or a ws ticket by the Authenticator. */
export interface Principal {
  userId: string;
  tenantId: string;
  sessionId: string;
  /** Set on a socket opened with a scoped ws ticket: the only conversations it may act on (seed 000 FR-007). */
  ticketScope?: readonly string[];
}
