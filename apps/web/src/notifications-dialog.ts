import type { NotificationSettingsView } from '@chat/contracts';
import { ChatApiError } from '@chat/sdk';
import { byId } from './dom';
import { errorText } from './error-text';
import { FormDialog } from './form-dialog';
import type { PushRegistration } from './push-registration';
import type { SessionApi } from './session-api';
import { t } from './i18n/active-locale';

/**
 * "Notifications": what reaches me while I am offline. Push goes to every browser I subscribed;
 * email is the fallback when push is off or gets through nowhere, and only to an address I
 * verified with the code mailed to it; channel messages only when asked.
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
  private readonly emailStatus = byId('notify-email-status');
  private readonly codeField = byId('notify-email-code-field');
  private readonly code = byId<HTMLInputElement>('notify-email-code');
  private emailAvailable = false;
  private vapidPublicKey: string | null = null;
  /** The address as the server has it, to tell a new one (which gets a code) from the same. */
  private savedAddress: string | null = null;

  constructor(
    private readonly api: SessionApi,
    private readonly registration: PushRegistration,
  ) {
    byId('notifications-button').addEventListener('click', () => void this.show());
    this.email.addEventListener('change', () => this.syncFields());
    byId('notify-email-verify').addEventListener('click', () => void this.verify());
    byId('notify-email-resend').addEventListener('click', () => void this.resend());
    // Enter in the code field verifies it rather than saving the whole form.
    this.code.addEventListener('keydown', (e) => {
      if (e.key !== 'Enter') return;
      e.preventDefault();
      void this.verify();
    });
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

  private render(settings: NotificationSettingsView): void {
    this.push.checked = settings.push;
    this.email.checked = settings.email;
    this.address.value = settings.emailAddress ?? '';
    this.channels.checked = settings.channels;
    this.savedAddress = settings.emailAddress;
    this.pushNote.textContent = !this.vapidPublicKey
      ? t('notifications.noPush')
      : this.registration.supported
        ? t('notifications.pushAsks')
        : t('notifications.pushUnsupported');
    this.renderVerification(settings);
    this.syncFields();
  }

  /** Where the server can mail, the saved address says whether it is verified, and takes its code while it is not. */
  private renderVerification({ emailAddress, emailVerified }: NotificationSettingsView, status?: string): void {
    const shown = this.emailAvailable && emailAddress !== null;
    this.emailStatus.hidden = !shown;
    this.codeField.hidden = !shown || emailVerified;
    this.code.value = '';
    if (shown) this.emailStatus.textContent = status ?? t(emailVerified ? 'notifications.verified' : 'notifications.unverified', { address: emailAddress });
  }

  /** An address is needed only for email, and email only where the server can send it. */
  private syncFields(): void {
    this.emailNote.hidden = this.emailAvailable;
    // Where the server cannot send email, the choice is offered only to turn it off.
    this.email.disabled = !this.emailAvailable && !this.email.checked;
    this.addressField.hidden = this.email.disabled;
    this.address.required = this.email.checked;
  }

  /** Closes when everything took, unless a new address now waits for its code; otherwise the dialog says what did not. */
  private async save(): Promise<void> {
    await this.form.submitting(async () => {
      const emailAddress = this.address.value.trim() || null;
      const previousAddress = this.savedAddress;
      const { settings } = await this.api.updateNotificationSettings({ push: this.push.checked, email: this.email.checked, emailAddress, channels: this.channels.checked });
      this.render(settings);
      // The server mails a new address a code (where it can mail): the dialog stays open to take it.
      const awaitingCode = this.emailAvailable && !settings.emailVerified && settings.emailAddress !== previousAddress ? settings.emailAddress : null;
      if (awaitingCode) this.renderVerification(settings, t('notifications.codeSent', { address: awaitingCode }));
      if (settings.push && this.vapidPublicKey && this.registration.supported) {
        try {
          await this.registration.subscribe(this.vapidPublicKey);
        } catch (err) {
          // Browser refusals (permission, no push service) carry their own words; API ones are put plainly.
          const reason = err instanceof ChatApiError || !(err instanceof Error) ? errorText(err) : err.message;
          return this.form.showError(t('notifications.notSubscribed', { reason }));
        }
      }
      if (awaitingCode) this.code.focus();
      else this.form.close();
    });
  }

  private async verify(): Promise<void> {
    const code = this.code.value.trim();
    if (!code) return this.form.showError(t('notifications.enterCode'));
    await this.verificationStep(async () => this.renderVerification((await this.api.verifyNotificationEmail(code)).settings));
  }

  private async resend(): Promise<void> {
    await this.verificationStep(async () => {
      const { settings } = await this.api.resendNotificationEmailCode();
      this.renderVerification(settings, t('notifications.newCodeSent', { address: settings.emailAddress ?? '' }));
    });
  }

  /** One request at a time with the form's; its failure is said in the error line. */
  private async verificationStep(work: () => Promise<void>): Promise<void> {
    await this.form.exclusive(async () => {
      this.form.showError('');
      try {
        await work();
      } catch (err) {
        this.form.showError(errorText(err));
      }
    });
  }
}
