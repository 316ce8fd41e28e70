import { ErrorCode } from '@chat/contracts';
import { ChatApi, ChatApiError } from '@chat/sdk';
import { loginDeviceKey } from './login-device-key';
import type { SessionStore, StoredSession } from './session-store';
import { t } from './i18n/active-locale';

/** Renew this long before the access token runs out, so requests rarely meet TOKEN_EXPIRED. */
const RENEW_MARGIN_MS = 30_000;
/** A client clock far ahead of the server's would otherwise renew before every request. */
const MIN_PROACTIVE_RENEW_INTERVAL_MS = 10_000;

/** 401 codes that say the access token no longer works (as opposed to a wrong password or code). */
const LOGIN_OVER = new Set<string>([ErrorCode.TOKEN_EXPIRED, ErrorCode.TOKEN_REVOKED, ErrorCode.UNAUTHENTICATED]);

/**
 * ChatApi for a logged-in user: every request carries the current access token, which is
 * renewed with the refresh token when it is about to expire or the server says TOKEN_EXPIRED
 * (then the request is sent once more). When the login is over for good (revoked, refresh
 * refused, logged out in another tab) `onEnded` is told once, with words for the user.
 */
export class SessionApi extends ChatApi {
  private session: StoredSession;
  private renewing: Promise<void> | null;
  private lastRenewAt: number;
  private ended: boolean;
  /** The account deletion in flight, if any: it ends this login itself (see deleteAccount). */
  private deletion: Promise<void> | null;
  private readonly stopWatching: () => void;

  constructor(
    private readonly store: SessionStore,
    session: StoredSession,
    private readonly onEnded: (reason: string) => void,
  ) {
    super({ baseUrl: location.origin, accessToken: session.accessToken });
    this.session = session;
    this.renewing = null;
    this.lastRenewAt = 0;
    this.ended = false;
    this.deletion = null;
    this.stopWatching = store.onExternalChange((next) => {
      if (!next) this.end(t('session.loggedOutElsewhere'));
      else if (next.user.id !== this.session.user.id) this.end(t('session.otherAccount'));
      else this.adopt(next);
    });
  }

  get user() {
    return this.session.user;
  }

  override async request<T>(method: string, path: string, body?: unknown, extraHeaders?: Record<string, string>): Promise<{ status: number; data: T }> {
    if (isTokenlessAuthPath(path)) return super.request<T>(method, path, body, extraHeaders);
    if (this.ended) throw loggedOutError();
    await this.renewIfExpiring();
    const sentWith = this.accessToken;
    try {
      return await super.request<T>(method, path, body, extraHeaders);
    } catch (err) {
      if (!(err instanceof ChatApiError) || err.status !== 401) throw err;
      // A wrong password or one-time code (deleting the account, two-step login) is a refusal, not the end of the login.
      if (!LOGIN_OVER.has(err.code)) throw err;
      if (err.code !== ErrorCode.TOKEN_EXPIRED) {
        this.end(t('session.ended'));
        throw err;
      }
      await this.renew(sentWith);
      return super.request<T>(method, path, body, extraHeaders);
    }
  }

  /** The token for a socket handshake; never rejects, because the SDK would then wait forever. */
  async handshakeToken(): Promise<string> {
    try {
      await this.renewIfExpiring();
    } catch {
      // Offline or refused: the handshake fails on its own and is retried or reported.
    }
    return this.accessToken ?? '';
  }

  /** After a handshake refused with TOKEN_EXPIRED: renew so the next attempt carries a fresh token. */
  renewAfterRejectedToken(): Promise<void> {
    return this.renew(this.accessToken);
  }

  /**
   * Deleting the account revokes this login as well, so the socket or another request may hear
   * of the end before the deletion answers. Such an end waits for the deletion: when it succeeds,
   * the session ends saying the account is deleted; when it fails, with the words it was given.
   */
  override async deleteAccount(password?: string, mfaCode?: string): Promise<void> {
    const deletion = super.deleteAccount(password, mfaCode);
    this.deletion = deletion;
    try {
      await deletion;
    } finally {
      this.deletion = null;
    }
    this.end(t('session.accountDeleted'));
  }

  /** Ends the session locally (logout, or a refusal seen elsewhere). Idempotent. */
  end(reason: string): void {
    if (this.ended) return;
    if (this.deletion) {
      this.deletion.catch(() => this.end(reason));
      return;
    }
    this.ended = true;
    this.stopWatching();
    this.onEnded(reason);
  }

  private async renewIfExpiring(): Promise<void> {
    const expiresAt = Date.parse(this.session.accessTokenExpiresAt);
    if (Number.isNaN(expiresAt) || expiresAt - Date.now() > RENEW_MARGIN_MS) return;
    if (Date.now() - this.lastRenewAt < MIN_PROACTIVE_RENEW_INTERVAL_MS) return;
    await this.renew(this.accessToken);
  }

  /** One renewal at a time, in this tab (single flight) and across tabs (a Web Lock). */
  private renew(staleToken: string | undefined): Promise<void> {
    this.renewing ??= withCrossTabLock(async () => {
      const stored = this.store.load();
      if (!stored || stored.user.id !== this.session.user.id) {
        this.end(t('session.loggedOutElsewhere'));
        throw loggedOutError();
      }
      // Another tab renewed while we waited for the lock: use its tokens, its refresh token is the live one.
      if (stored.accessToken !== staleToken) return this.adopt(stored);
      try {
        // Read each time: a login of this account in another tab replaced the key with its tokens.
        this.deviceKey = await loginDeviceKey(stored.user.id);
        const auth = await this.refresh(stored.refreshToken);
        this.lastRenewAt = Date.now();
        this.adopt(this.store.save(auth));
      } catch (err) {
        if (err instanceof ChatApiError && err.status >= 400 && err.status < 500 && err.status !== 429) {
          this.end(t('session.expired'));
        }
        throw err;
      }
    }).finally(() => {
      this.renewing = null;
    });
    return this.renewing;
  }

  private adopt(session: StoredSession): void {
    this.session = session;
    this.accessToken = session.accessToken;
  }
}

/** Register, login, guest and refresh authenticate by their body, not by a bearer token. */
function isTokenlessAuthPath(path: string): boolean {
  return path.startsWith('/v1/auth/') && path !== '/v1/auth/logout' && path !== '/v1/auth/ws-ticket';
}

function loggedOutError(): ChatApiError {
  return new ChatApiError(401, { code: ErrorCode.UNAUTHENTICATED, message: 'You are logged out', hint: 'Log in again', requestId: '' });
}

function withCrossTabLock<T>(work: () => Promise<T>): Promise<T> {
  // Web Locks exist only in secure contexts (https, localhost); plain http on a LAN has none.
  const locks = (navigator as { locks?: LockManager }).locks;
  return locks ? locks.request('chat.session.renew', work) : work();
}
