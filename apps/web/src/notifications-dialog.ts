import type { NotificationSettings } from '@chat/contracts';
import { ChatApiError } from '@chat/sdk';
import { byId } from './dom';
import { errorText } from './error-text';
import { FormDialog } from './form-dialog';
import type { PushRegistration } from './push-registration';
import type { SessionApi } from './session-api';
import { t } from './i18n/active-locale';

/**
 * "Notifications": what reaches me while I am offline. Push goes to every browser I subscribed;
 * email is the fallback when push is off or gets through nowhere; channel messages only when asked.
 */
export class NotificationsDialog {
  private readonly form = new FormDialog('notifications-dialog', 'notifications-form', () => this.save());
  private readonly push = byId<HTMLInputElement>('notify-push');
  private readonly email = byId<HTMLInputElement>('notify-email');
  private readonly address = byId<HTMLInputElement>('notify-email-address');
  private readonly channels = byId<HTMLInputElement>('notify-channels');
  private readonly pushNote = byId('notify-push-note');
  private readonly emailNote = byId('notify-email-note');
  private readonly addressField = byId('notify-email-address-field');
  private emailAvailable = false;
  private vapidPublicKey: string | null = null;

  constructor(
    private readonly api: SessionApi,
    private readonly registration: PushRegistration,
  ) {
    byId('notifications-button').addEventListener('click', () => void this.show());
    this.email.addEventListener('change', () => this.syncFields());
  }

  private async show(): Promise<void> {
    this.form.open();
    try {
      const { settings, vapidPublicKey, emailAvailable } = await this.api.notificationSettings();
      this.vapidPublicKey = vapidPublicKey;
      this.emailAvailable = emailAvailable;
      this.render(settings);
    } catch (err) {
      this.form.showError(errorText(err));
    }
  }

  private render(settings: NotificationSettings): void {
    this.push.checked = settings.push;
    this.email.checked = settings.email;
    this.address.value = settings.emailAddress ?? '';
    this.channels.checked = settings.channels;
    this.pushNote.textContent = !this.vapidPublicKey
      ? t('notifications.noPush')
      : this.registration.supported
        ? t('notifications.pushAsks')
        : t('notifications.pushUnsupported');
    this.syncFields();
  }

  /** An address is needed only for email, and email only where the server can send it. */
  private syncFields(): void {
    this.emailNote.hidden = this.emailAvailable;
    // Where the server cannot send email, the choice is offered only to turn it off.
    this.email.disabled = !this.emailAvailable && !this.email.checked;
    this.addressField.hidden = this.email.disabled;
    this.address.required = this.email.checked;
  }

  /** Closes when everything took; otherwise the dialog says what did not. */
  private async save(): Promise<void> {
    await this.form.submitting(async () => {
      const emailAddress = this.address.value.trim() || null;
      const { settings } = await this.api.updateNotificationSettings({ push: this.push.checked, email: this.email.checked, emailAddress, channels: this.channels.checked });
      this.render(settings);
      if (settings.push && this.vapidPublicKey && this.registration.supported) {
        try {
          await this.registration.subscribe(this.vapidPublicKey);
        } catch (err) {
          // Browser refusals (permission, no push service) carry their own words; API ones are put plainly.
          const reason = err instanceof ChatApiError || !(err instanceof Error) ? errorText(err) : err.message;
          return this.form.showError(t('notifications.notSubscribed', { reason }));
        }
      }
      this.form.close();
    });
  }
}
