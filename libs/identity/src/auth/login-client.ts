import type { Request } from 'express';

/** The device a login is made from, as the request says (for the holder's list of logins). */
export interface LoginClient {
  userAgent: string | null;
  ip: string | null;
}

/** Longest User-Agent kept: enough to tell browsers apart, not a place to store a payload. */
const USER_AGENT_MAX_CHARS = 300;

export function loginClientOf(req: Request): LoginClient {
  return { userAgent: req.get('user-agent')?.slice(0, USER_AGENT_MAX_CHARS) ?? null, ip: req.ip ?? null };
}
