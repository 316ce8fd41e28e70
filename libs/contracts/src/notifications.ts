/**
 * Notifications for offline recipients (seed 003, requirement 8). A message to a user who is
 * offline is queued; after NOTIFICATION_DELAY_SECONDS it goes out as a Web Push message to each of
 * their browsers, and by email when push is off, has no subscription or fails. A queued
 * notification is dropped when the user comes back (their client then syncs the message), reads
 * the conversation, mutes it, or turns the channel off. Failed deliveries retry with exponential
 * backoff.
 *
 * `GET /v1/me/notifications` → {@link NotificationSettingsResponse}
 * `PATCH /v1/me/notifications` {@link UpdateNotificationSettingsRequest} → the same. A new
 *   `emailAddress` is unverified (`settings.emailVerified` false) and, where the server has a mail
 *   server, gets a mail with a code; notification email goes only to a verified address. Each such
 *   mail spends one of NOTIFICATION_EMAIL_CODES_PER_HOUR (429 `RATE_LIMITED` beyond, nothing saved).
 * `POST /v1/me/notifications/email-verification` {@link VerifyNotificationEmailRequest} → 200 the
 *   same, the address verified; 400 `VALIDATION_FAILED` (`code`) for one that is not 8 digits, 400
 *   `EMAIL_CODE_INVALID` for a wrong, expired or void code (5 wrong tries void it); 409
 *   `EMAIL_VERIFICATION_NOT_PENDING` without an address. Verified already: 200. A mail server that
 *   does not take a code's mail is 503 `SERVICE_UNAVAILABLE` (what was saved stays).
 * `POST /v1/me/notifications/email-verification/resend` → 200 the same, a new code mailed (the old
 *   one void); 429 past NOTIFICATION_EMAIL_CODES_PER_HOUR; 409 `EMAIL_VERIFICATION_NOT_PENDING`
 *   without an unverified address; 409 `OPERATION_NOT_SUPPORTED` without a mail server.
 * `GET /v1/me/push-subscriptions` → {@link PushSubscriptionsResponse}
 * `POST /v1/me/push-subscriptions` {@link PushSubscriptionRequest} (a browser's `PushSubscription.toJSON()`)
 *   → 201 {@link PushSubscriptionResponse} (200 when that endpoint was already registered)
 * `DELETE /v1/me/push-subscriptions/:id` → 204
 */
export interface NotificationSettings {
  /** Web Push to my registered browsers. Default on. */
  push: boolean;
  /** Email to `emailAddress` when push is off, finds no browser or fails. Default off; needs an address. */
  email: boolean;
  emailAddress: string | null;
  /** Messages in channels notify too; direct and group conversations always do (unless muted). Default off. */
  channels: boolean;
}

/** My settings as the server reports them. */
export interface NotificationSettingsView extends NotificationSettings {
  /**
   * Extension of v1: whether I proved `emailAddress` is mine with the code mailed to it. Email
   * goes only to a verified address; an unverified one counts as none. Addresses stored before
   * verification existed start unverified.
   */
  emailVerified: boolean;
}

export interface NotificationSettingsResponse {
  settings: NotificationSettingsView;
  /** The server's VAPID public key (base64url) for `pushManager.subscribe`; null when push is not configured. */
  vapidPublicKey: string | null;
  /** Whether the server has a mail server (SMTP_URL) to send notification email with. */
  emailAvailable: boolean;
}

export type UpdateNotificationSettingsRequest = Partial<NotificationSettings>;

export interface VerifyNotificationEmailRequest {
  /** The code from the verification mail (its digits; spaces are ignored). */
  code: string;
}

export interface PushSubscriptionRequest {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

export interface PushSubscriptionView {
  id: string;
  endpoint: string;
  /** The last time a browser registered this endpoint. */
  registeredAt: string;
}

export interface PushSubscriptionResponse {
  subscription: PushSubscriptionView;
}

export interface PushSubscriptionsResponse {
  subscriptions: PushSubscriptionView[];
}

/** What a push message carries, encrypted to the browser (RFC 8291); its service worker shows it. */
export interface PushNotificationPayload {
  kind: 'messages';
  conversationId: string;
  /** The conversation's name, or the sender's display name for a direct conversation. */
  title: string;
  /** The newest message, shortened ("Ana: see you at 5"); "N new messages" when there are several. */
  body: string;
  /** Messages this notification stands for. */
  count: number;
  /** The newest of them. */
  seq: number;
  /** Extension of v1: the newest message's sender's picture (User.avatarUrl), shown as the notification's icon; null without one. */
  icon: string | null;
}
