import { RealtimeClient } from '@chat/sdk';
import { quotaNoticeOf, type QuotaNotice } from './quota-notice';
import type { SessionApi } from './session-api';
import { t } from './i18n/active-locale';

/** Automatic reconnection gives up after this many tries and leaves it to the user (seed 001 FR-016). */
export const MAX_RECONNECT_ATTEMPTS = 5;

/** Delivery acknowledgements per conversation at most this often (the last seq always goes out at the end of the interval). */
const DELIVERY_ACK_INTERVAL_MS = 1000;

export type ConnectionState =
  | { kind: 'connecting' }
  | { kind: 'online' }
  | { kind: 'reconnecting'; attempt: number; max: number }
  | { kind: 'offline'; quota?: QuotaNotice; reason?: string };

/** Refusals that mean this login is over; any other refusal (overload, a server fault) is worth retrying. */
const SESSION_OVER = ['UNAUTHENTICATED', 'TOKEN_REVOKED', 'REFRESH_TOKEN_REUSED', 'TOKEN_EXPIRED'];

interface HandshakeError extends Error {
  data?: { error?: { code?: string; message?: string; details?: unknown } };
}

/**
 * The one Socket.IO connection of a logged-in tab, and its state for the banner. Socket.IO's
 * manager retries on its own (MAX_RECONNECT_ATTEMPTS, backoff 1–5 s); a handshake the server
 * refuses is not retried by Socket.IO, so that case is handled here: an expired token is
 * renewed and the connection tried again, any other refusal ends the session. When the browser
 * reports its network back, the connection is tried again without waiting for Reconnect (and
 * messages waiting to send go once it connects).
 */
export class Connection {
  readonly client: RealtimeClient;
  private closed = false;
  /** Keeps this device "online" for the others: the server ends a device's lease 30 s after its last heartbeat. */
  private readonly stopHeartbeat: () => void;
  /** Handshakes refused as expired since the last connect; a fresh token refused again means a clock or server problem. */
  private expiredRefusals = 0;
  /** The browser has a network again: the user should not have to press Reconnect because the attempts ran out meanwhile. */
  private readonly onNetworkBack = () => this.reconnect();

  constructor(
    private readonly api: SessionApi,
    private readonly onState: (state: ConnectionState) => void,
    /** This browser's id for the account (e2ee/device-id.ts): presence and E2EE keys are per device. */
    deviceId: string,
  ) {
    this.client = new RealtimeClient({
      url: location.origin,
      deviceId,
      token: () => api.handshakeToken(),
      ackTimeoutMs: 8000,
      // Tells senders their messages reached this browser (✓✓), at most once a second per conversation.
      deliveryAcks: { intervalMs: DELIVERY_ACK_INTERVAL_MS },
      socket: { reconnectionAttempts: MAX_RECONNECT_ATTEMPTS, reconnectionDelay: 1000, reconnectionDelayMax: 5000 },
    });
    const { socket } = this.client;
    this.stopHeartbeat = this.client.startHeartbeat();
    onState({ kind: 'connecting' });
    socket.on('connect', () => {
      this.expiredRefusals = 0;
      onState({ kind: 'online' });
    });
    socket.on('disconnect', (reason) => {
      if (this.closed) return;
      // The server closed us on purpose (a deploy, a revoked login): Socket.IO does not retry that itself.
      if (reason === 'io server disconnect') this.reconnect();
      else onState({ kind: 'reconnecting', attempt: 0, max: MAX_RECONNECT_ATTEMPTS });
    });
    socket.io.on('reconnect_attempt', (attempt) => onState({ kind: 'reconnecting', attempt, max: MAX_RECONNECT_ATTEMPTS }));
    socket.io.on('reconnect_failed', () => onState({ kind: 'offline' }));
    socket.on('connect_error', (err: HandshakeError) => void this.onHandshakeRefused(err));
    window.addEventListener('online', this.onNetworkBack);
  }

  /** Starts a fresh round of attempts (the banner's Reconnect button, or after a server close). */
  reconnect(): void {
    if (this.closed || this.client.socket.connected) return;
    this.onState({ kind: 'connecting' });
    this.client.socket.connect();
  }

  close(): void {
    this.closed = true;
    window.removeEventListener('online', this.onNetworkBack);
    this.stopHeartbeat();
    this.client.close();
  }

  private async onHandshakeRefused(err: HandshakeError): Promise<void> {
    const code = err.data?.error?.code;
    if (!code || this.closed) return; // a network failure: the manager's own retries handle it
    if (code === 'TOKEN_EXPIRED' && ++this.expiredRefusals <= 2) {
      try {
        await this.api.renewAfterRejectedToken();
        this.reconnect();
      } catch {
        this.onState({ kind: 'offline' }); // renewal failed for a network reason: let the user retry
      }
      return;
    }
    const quota = quotaNoticeOf(err.data?.error);
    if (quota) this.onState({ kind: 'offline', quota }); // the organisation's connection limit: say so, with the upgrade link
    // The account's own limit (another tab must close first) or the people online (someone must leave): say which.
    else if (code === 'TOO_MANY_CONNECTIONS' || code === 'TOO_MANY_USERS_ONLINE') this.onState({ kind: 'offline', reason: t(`errorCode.${code}`) });
    else if (SESSION_OVER.includes(code)) this.api.end(t('session.ended'));
    else this.onState({ kind: 'offline' }); // Socket.IO never retries a refused handshake: offer Reconnect
  }
}
