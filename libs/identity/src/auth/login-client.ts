import type { Request } from 'express';
import type { DevicePublicJwk } from '@chat/contracts';
import { publicJwk } from '@chat/domain';

/** The device a login is made from, as the request says (for the holder's list of logins). */
export interface LoginClient {
  userAgent: string | null;
  ip: string | null;
  /** The key the login's refreshes must prove possession of (contracts device-proof.ts); null: none. */
  deviceKey: DevicePublicJwk | null;
}

/** Longest User-Agent kept: enough to tell browsers apart, not a place to store a payload. */
const USER_AGENT_MAX_CHARS = 300;

/** `deviceKey`: the request body's, already checked by its DTO (DeviceKeyProperty); only its public fields are kept. */
export function loginClientOf(req: Request, deviceKey?: DevicePublicJwk | null): LoginClient {
  return { userAgent: req.get('user-agent')?.slice(0, USER_AGENT_MAX_CHARS) ?? null, ip: req.ip ?? null, deviceKey: deviceKey ? publicJwk(deviceKey) : null };
}
