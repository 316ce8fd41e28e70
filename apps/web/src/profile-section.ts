import type { User } from '@chat/contracts';
import { byId } from './dom';
import { StatusLine } from './status-line';
import type { SessionApi } from './session-api';
import { t } from './i18n/active-locale';

/**
 * The account dialog's "Display name": how others see me (`PATCH /v1/me`). The server trims it and
 * bounds it (DISPLAY_NAME_MAX_CHARS); a refusal is said in the dialog's message line and nothing
 * changes. Everyone who shares a conversation with me, and my other devices, follow through the
 * `user.updated` frame; this page follows the answer at once (`onRenamed`).
 */
export class ProfileSection {
  private readonly form = byId<HTMLFormElement>('account-profile-form');
  private readonly input = byId<HTMLInputElement>('account-display-name');
  private readonly status = new StatusLine(byId('account-status'));
  private busy = false;

  constructor(
    private readonly api: SessionApi,
    current: () => string,
    private readonly onRenamed: (user: User) => void,
  ) {
    // The dialog opens with the name as it is now (another device may have changed it).
    byId('account-button').addEventListener('click', () => (this.input.value = current()));
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.save();
    });
  }

  private async save(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.status.say('');
    await this.status.run(async () => {
      const { user } = await this.api.updateProfile({ displayName: this.input.value });
      this.input.value = user.displayName;
      this.onRenamed(user);
      this.status.say(t('account.displayNameSaved'));
    });
    this.busy = false;
  }
}
