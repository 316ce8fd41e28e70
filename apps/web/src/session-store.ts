import type { AuthResponse, User } from '@chat/contracts';

/** What survives a reload: who is logged in and the token pair of that login. */
export interface StoredSession {
  user: User;
  accessToken: string;
  refreshToken: string;
  accessTokenExpiresAt: string;
}

const KEY = 'chat.session.v1';

/**
 * The login kept in localStorage, shared by every tab of this origin. Another tab may rotate
 * the tokens or log out; `onExternalChange` reports that, so this tab never replays a refresh
 * token that is already used (the server would revoke the whole login for it).
 */
export class SessionStore {
  load(): StoredSession | null {
    try {
      const raw = localStorage.getItem(KEY);
      const parsed = raw ? (JSON.parse(raw) as StoredSession) : null;
      return parsed?.accessToken && parsed.refreshToken && parsed.user?.id ? parsed : null;
    } catch {
      return null; // unreadable or blocked storage behaves like "not logged in"
    }
  }

  save(auth: AuthResponse): StoredSession {
    const session: StoredSession = { user: auth.user, accessToken: auth.accessToken, refreshToken: auth.refreshToken, accessTokenExpiresAt: auth.accessTokenExpiresAt };
    try {
      localStorage.setItem(KEY, JSON.stringify(session));
    } catch {
      // Private modes may refuse storage: the session then lasts as long as this page.
    }
    return session;
  }

  clear(): void {
    try {
      localStorage.removeItem(KEY);
    } catch {
      /* nothing stored, nothing to clear */
    }
  }

  /** Fires when another tab changes the session (the `storage` event never fires in the writing tab). */
  onExternalChange(listener: (session: StoredSession | null) => void): () => void {
    const handler = (event: StorageEvent) => {
      if (event.key === KEY || event.key === null) listener(this.load());
    };
    window.addEventListener('storage', handler);
    return () => window.removeEventListener('storage', handler);
  }
}
