import type { NotificationSettings } from '@chat/contracts';
import { ChatApiError } from '@chat/sdk';
import { byId } from './dom';
import { errorText } from './error-text';
import type { PushRegistration } from './push-registration';
import type { SessionApi } from './session-api';
import { t } from './i18n/active-locale';

/**
 * "Notifications": what reaches me while I am offline. Push goes to every browser I subscribed;
 * email is the fallback when push is off or gets through nowhere; channel messages only when asked.
 */
export class NotificationsDialog {
  private readonly dialog = byId<HTMLDialogElement>('notifications-dialog');
  private readonly form = byId<HTMLFormElement>('notifications-form');
  private readonly error = this.form.querySelector<HTMLElement>('.form-error')!;
  private readonly push = byId<HTMLInputElement>('notify-push');
  private readonly email = byId<HTMLInputElement>('notify-email');
  private readonly address = byId<HTMLInputElement>('notify-email-address');
  private readonly channels = byId<HTMLInputElement>('notify-channels');
  private readonly pushNote = byId('notify-push-note');
  private readonly emailNote = byId('notify-email-note');
  private readonly addressField = byId('notify-email-address-field');
  private emailAvailable = false;
  private vapidPublicKey: string | null = null;
  private busy = false;

  constructor(
    private readonly api: SessionApi,
    private readonly registration: PushRegistration,
  ) {
    byId('notifications-button').addEventListener('click', () => void this.show());
    this.dialog.querySelectorAll('[data-close]').forEach((close) => close.addEventListener('click', () => this.dialog.close()));
    this.email.addEventListener('change', () => this.syncFields());
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.save();
    });
  }

  private async show(): Promise<void> {
    this.showError('');
    this.dialog.showModal();
    try {
      const { settings, vapidPublicKey, emailAvailable } = await this.api.notificationSettings();
      this.vapidPublicKey = vapidPublicKey;
      this.emailAvailable = emailAvailable;
      this.render(settings);
    } catch (err) {
      this.showError(errorText(err));
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

  private async save(): Promise<void> {
    if (this.busy) return;
    const submit = this.form.querySelector<HTMLButtonElement>('button[type="submit"]')!;
    submit.setAttribute('aria-disabled', 'true');
    this.busy = true;
    this.showError('');
    try {
      if (await this.saveSettings()) this.dialog.close();
    } finally {
      this.busy = false;
      submit.removeAttribute('aria-disabled');
    }
  }

  /** True when everything took; otherwise the dialog says what did not. */
  private async saveSettings(): Promise<boolean> {
    let settings: NotificationSettings;
    try {
      const emailAddress = this.address.value.trim() || null;
      ({ settings } = await this.api.updateNotificationSettings({ push: this.push.checked, email: this.email.checked, emailAddress, channels: this.channels.checked }));
      this.render(settings);
    } catch (err) {
      this.showError(errorText(err));
      return false;
    }
    if (!settings.push || !this.vapidPublicKey || !this.registration.supported) return true;
    try {
      await this.registration.subscribe(this.vapidPublicKey);
      return true;
    } catch (err) {
      // Browser refusals (permission, no push service) carry their own words; API ones are put plainly.
      const reason = err instanceof ChatApiError || !(err instanceof Error) ? errorText(err) : err.message;
      this.showError(t('notifications.notSubscribed', { reason }));
      return false;
    }
  }

  private showError(text: string): void {
    this.error.textContent = text;
    this.error.hidden = !text;
  }
}
