import type { KeyBackupResponse } from '@chat/contracts';
import { WrongPassphraseError } from '@chat/sdk';
import { byId } from '../dom';
import { StatusLine } from '../status-line';
import { fullTime } from '../format';
import { t } from '../i18n/active-locale';
import type { BrowserE2ee } from './browser-e2ee';

/** Short passphrases fall to guessing despite PBKDF2's cost; the backup is only as strong as this. */
export const MIN_PASSPHRASE_LENGTH = 12;

/**
 * The account dialog's "Encryption key backup": set a recovery passphrase (this device's key,
 * sealed by the SDK, stored on the server), restore a backup on a new browser (then the page
 * reloads as that device), or record that I want none. The warning that the service cannot
 * recover encrypted history without a backup is always shown.
 */
export class KeyBackupSection {
  private readonly state = byId('e2ee-backup-state');
  private readonly passphrase = byId<HTMLInputElement>('e2ee-backup-passphrase');
  private readonly save = byId<HTMLButtonElement>('e2ee-backup-save');
  private readonly restoreButton = byId<HTMLButtonElement>('e2ee-backup-restore');
  private readonly optOutButton = byId<HTMLButtonElement>('e2ee-backup-opt-out');
  private readonly status = new StatusLine(byId('e2ee-backup-status'));

  constructor(private readonly e2ee: BrowserE2ee) {
    byId('account-button').addEventListener('click', () => void this.status.run(() => this.refresh()));
    this.save.addEventListener('click', () => void this.status.run(() => this.backUp()));
    this.restoreButton.addEventListener('click', () => void this.status.run(() => this.restore()));
    this.optOutButton.addEventListener('click', () => void this.status.run(() => this.optOut()));
  }

  private async refresh(): Promise<void> {
    this.passphrase.value = '';
    this.status.say('');
    const [backup, canBackUp] = await Promise.all([this.e2ee.backupState(), this.e2ee.canBackUp()]);
    this.render(backup, canBackUp);
  }

  private render(backup: KeyBackupResponse, canBackUp: boolean): void {
    const state = backup.status === 'stored' ? t('e2ee.backupStored', { time: fullTime(backup.updatedAt!) }) : backup.status === 'opted-out' ? t('e2ee.backupOptedOut') : t('e2ee.backupNone');
    this.state.textContent = canBackUp ? state : `${state} ${t('e2ee.backupNotExportable')}`;
    this.save.hidden = !canBackUp;
    this.restoreButton.hidden = backup.status !== 'stored';
    this.optOutButton.hidden = backup.status === 'opted-out';
  }

  private async backUp(): Promise<void> {
    const passphrase = this.passphrase.value;
    if (passphrase.length < MIN_PASSPHRASE_LENGTH) return this.status.say(t('e2ee.passphraseTooShort', { count: MIN_PASSPHRASE_LENGTH }));
    this.status.say(t('e2ee.backingUp'));
    await this.e2ee.backUp(passphrase);
    await this.refresh();
    this.status.say(t('e2ee.backedUp'));
  }

  private async restore(): Promise<void> {
    this.status.say(t('e2ee.restoring'));
    try {
      await this.e2ee.restore(this.passphrase.value);
    } catch (err) {
      if (err instanceof WrongPassphraseError) return this.status.say(t('e2ee.wrongPassphrase'));
      throw err;
    }
    this.status.say(t('e2ee.restored'));
    // The socket and the key in use belong to the device this browser was; the page starts again as the restored one.
    location.reload();
  }

  private async optOut(): Promise<void> {
    if (!confirm(t('e2ee.confirmOptOut'))) return;
    await this.e2ee.optOutOfBackup();
    await this.refresh();
  }
}
