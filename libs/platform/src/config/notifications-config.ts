import type { EnvReader } from './env-reader';

/** Notifications for offline recipients (@chat/notifications). */
export interface NotificationsConfig {
  /** NOTIFICATION_DELAY_MS: how long a message waits before it notifies, so a brief disconnect or a read elsewhere cancels it. */
  delayMs: number;
  /** NOTIFICATION_POLL_INTERVAL_MS: how often the dispatcher looks for notifications that came due. */
  pollIntervalMs: number;
  /** NOTIFICATION_BATCH_SIZE: queued notifications one dispatcher pass claims. */
  batchSize: number;
  /** NOTIFICATION_MAX_ATTEMPTS: tries (each push, then email) before a notification is given up. */
  maxAttempts: number;
  /** NOTIFICATION_RETRY_BASE_MS / NOTIFICATION_RETRY_MAX_MS: exponential backoff between tries. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** NOTIFICATION_SEND_TIMEOUT_MS: one push or email may take this long; a claim's lease is derived from it. */
  sendTimeoutMs: number;
  /** NOTIFICATION_PREVIEW_CHARS: longest message preview in a notification (code points). */
  previewChars: number;
  push: PushConfig;
  email: EmailConfig;
}

export interface PushConfig {
  /**
   * VAPID_PUBLIC_KEY / VAPID_PRIVATE_KEY (base64url P-256 keys): the server's identity to push
   * services. Unset, an embedded install generates a pair in DATA_DIR; split apps without them have
   * no push (every app that registers or sends must share the pair).
   */
  vapidPublicKey: string | null;
  vapidPrivateKey: string | null;
  /** VAPID_SUBJECT: a `mailto:` or `https:` contact push services can reach the operator at. */
  vapidSubject: string;
  /** PUSH_SUBSCRIPTIONS_MAX: browsers one user may register; a new one beyond replaces the oldest. */
  subscriptionsMax: number;
  /** PUSH_TTL_SECONDS: how long a push service keeps a message for a browser that is not running. */
  ttlSeconds: number;
  /** PUSH_ALLOW_HTTP_ENDPOINTS: accept plain-http push endpoints (development and tests only). */
  allowHttpEndpoints: boolean;
}

export interface EmailConfig {
  /** SMTP_URL (`smtp://user:pass@host:587`, `smtps://…`): where notification mail is sent; unset, no email. */
  smtpUrl: string | null;
  /** NOTIFICATION_EMAIL_FROM: the From header. */
  from: string;
  /** NOTIFICATION_EMAIL_CODE_TTL_MINUTES: how long the code mailed to a new address verifies it. */
  codeTtlMinutes: number;
  /** NOTIFICATION_EMAIL_CODES_PER_HOUR: verification mails one user may have sent (a new address or a resend), so nobody is mailed in a loop. */
  codesPerHour: number;
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;

export function readNotifications(r: EnvReader): NotificationsConfig {
  const vapidPublicKey = r.string('VAPID_PUBLIC_KEY', null);
  const vapidPrivateKey = r.string('VAPID_PRIVATE_KEY', null);
  if ((vapidPublicKey === null) !== (vapidPrivateKey === null)) r.problems.push('VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY go together');
  if (vapidPublicKey !== null && !isKey(vapidPublicKey, 65)) r.problems.push('VAPID_PUBLIC_KEY must be an uncompressed P-256 public key, base64url (65 bytes)');
  if (vapidPrivateKey !== null && !isKey(vapidPrivateKey, 32)) r.problems.push('VAPID_PRIVATE_KEY must be a P-256 private key, base64url (32 bytes)');
  const vapidSubject = r.string('VAPID_SUBJECT', 'mailto:notifications@chat.invalid');
  if (!/^(mailto:|https:\/\/)/.test(vapidSubject)) r.problems.push(`VAPID_SUBJECT must be a mailto: or https: URL (got "${vapidSubject}")`);
  const retryBaseMs = r.int('NOTIFICATION_RETRY_BASE_MS', 30_000, 10, 86_400_000);
  const retryMaxMs = r.int('NOTIFICATION_RETRY_MAX_MS', 3_600_000, 10, 7 * 86_400_000);
  r.atMost('NOTIFICATION_RETRY_BASE_MS', retryBaseMs, 'NOTIFICATION_RETRY_MAX_MS', retryMaxMs);
  return {
    delayMs: r.int('NOTIFICATION_DELAY_MS', 10_000, 0, 86_400_000),
    pollIntervalMs: r.int('NOTIFICATION_POLL_INTERVAL_MS', 1_000, 10, 600_000),
    batchSize: r.int('NOTIFICATION_BATCH_SIZE', 200, 1, 10_000),
    maxAttempts: r.int('NOTIFICATION_MAX_ATTEMPTS', 8, 1, 100),
    retryBaseMs,
    retryMaxMs,
    sendTimeoutMs: r.int('NOTIFICATION_SEND_TIMEOUT_MS', 10_000, 100, 600_000),
    previewChars: r.int('NOTIFICATION_PREVIEW_CHARS', 140, 0, 4_000),
    push: {
      vapidPublicKey,
      vapidPrivateKey,
      vapidSubject,
      subscriptionsMax: r.int('PUSH_SUBSCRIPTIONS_MAX', 10, 1, 1_000),
      ttlSeconds: r.int('PUSH_TTL_SECONDS', 86_400, 0, 2_419_200),
      allowHttpEndpoints: r.bool('PUSH_ALLOW_HTTP_ENDPOINTS', false),
    },
    email: {
      smtpUrl: r.url('SMTP_URL', null, ['smtp:', 'smtps:']),
      from: r.string('NOTIFICATION_EMAIL_FROM', 'Chat <notifications@chat.invalid>'),
      codeTtlMinutes: r.int('NOTIFICATION_EMAIL_CODE_TTL_MINUTES', 30, 1, 1_440),
      codesPerHour: r.int('NOTIFICATION_EMAIL_CODES_PER_HOUR', 5, 1, 100),
    },
  };
}

function isKey(value: string, bytes: number): boolean {
  return BASE64URL.test(value) && Buffer.from(value, 'base64url').length === bytes;
}
