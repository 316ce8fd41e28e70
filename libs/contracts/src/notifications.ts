/**
 * Notifications for offline recipients (seed 003, requirement 8). A message to a user who is
 * offline is queued; after NOTIFICATION_DELAY_SECONDS it goes out as a Web Push message to each of
 * their browsers, and by email when push is off, has no subscription or fails. A queued
 * notification is dropped when the user comes back (their client then syncs the message), reads
 * the conversation, mutes it, or turns the channel off. Failed deliveries retry with exponential
 * backoff.
 *
 * `GET /v1/me/notifications` → {@link NotificationSettingsResponse}
 * `PATCH /v1/me/notifications` {@link UpdateNotificationSettingsRequest} → the same
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

export interface NotificationSettingsResponse {
  settings: NotificationSettings;
  /** The server's VAPID public key (base64url) for `pushManager.subscribe`; null when push is not configured. */
  vapidPublicKey: string | null;
  /** Whether the server has a mail server (SMTP_URL) to send notification email with. */
  emailAvailable: boolean;
}

export type UpdateNotificationSettingsRequest = Partial<NotificationSettings>;

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
