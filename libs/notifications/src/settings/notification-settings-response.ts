import type { NotificationSettingsResponse, NotificationSettingsView } from '@chat/contracts';
import type { AppConfig } from '@chat/platform';
import type { VapidKeys } from '../push/vapid-keys';

/** My settings with what the server can send: clients offer only the channels that exist. */
export function notificationSettingsResponse(settings: NotificationSettingsView, vapid: VapidKeys | null, config: AppConfig): NotificationSettingsResponse {
  return { settings, vapidPublicKey: vapid?.publicKey ?? null, emailAvailable: config.notifications.email.smtpUrl !== null };
}
