import type { LoginSession, MfaEnrolment } from '@chat/contracts';
import { saveAuthorizedDownload } from './authorized-download';
import { byId, h } from './dom';
import { StatusLine } from './status-line';
import { fullTime } from './format';
import type { SessionApi } from './session-api';
import { t } from './i18n/active-locale';

/**
 * "Account": where I am logged in (ending any other login), two-step login with an authenticator
 * app, downloading everything kept about me, and deleting the account. With two-step login on,
 * the actions that need a code take it from the one code field the dialog shows.
 */
export class AccountDialog {
  private readonly dialog = byId<HTMLDialogElement>('account-dialog');
  private readonly status = new StatusLine(byId('account-status'));
  private readonly sessions = byId<HTMLUListElement>('account-sessions');
  private readonly codeField = byId('account-code-field');
  private readonly code = byId<HTMLInputElement>('account-code');
  private readonly mfaState = byId('account-mfa-state');
  private readonly mfaOn = byId<HTMLButtonElement>('account-mfa-on');
  private readonly mfaOff = byId<HTMLButtonElement>('account-mfa-off');
  private readonly enrolment = byId('account-mfa-enrolment');
  private readonly secret = byId('account-mfa-secret');
  private readonly appLink = byId<HTMLAnchorElement>('account-mfa-link');
  private readonly confirmCode = byId<HTMLInputElement>('account-mfa-confirm-code');
  private readonly password = byId<HTMLInputElement>('account-delete-password');
  private mfaEnabled = false;

  constructor(private readonly api: SessionApi) {
    byId('account-button').addEventListener('click', () => void this.show());
    this.dialog.querySelector('[data-close]')!.addEventListener('click', () => this.dialog.close());
    this.mfaOn.addEventListener('click', () => void this.act(() => this.enrol()));
    byId('account-mfa-confirm').addEventListener('click', () => void this.act(() => this.confirm()));
    this.mfaOff.addEventListener('click', () => void this.act(() => this.turnOff()));
    byId('account-export').addEventListener('click', () => void this.act(() => this.download()));
    byId('account-delete').addEventListener('click', () => void this.act(() => this.deleteAccount()));
  }

  private async show(): Promise<void> {
    this.code.value = '';
    this.password.value = '';
    this.enrolment.hidden = true;
    this.status.say('');
    this.dialog.showModal();
    await this.act(() => this.refresh());
  }

  /** Runs one action with the message line cleared first. */
  private act(action: () => Promise<void>): Promise<void> {
    this.status.say('');
    return this.status.run(action);
  }

  private async refresh(): Promise<void> {
    const [me, { sessions }] = await Promise.all([this.api.me(), this.api.sessions()]);
    this.mfaEnabled = me.mfaEnabled;
    this.mfaState.textContent = t(me.mfaEnabled ? 'account.mfaIsOn' : me.user.isGuest ? 'account.mfaGuest' : 'account.mfaIsOff');
    this.mfaOn.hidden = me.mfaEnabled || me.user.isGuest;
    this.mfaOff.hidden = !me.mfaEnabled;
    this.codeField.hidden = !me.mfaEnabled;
    this.password.parentElement!.hidden = me.user.isGuest;
    this.showSessions(sessions);
  }

  /** Lists my logins again: unlinking an encryption device (E2eeDevicesSection) ends the login it registered its key from. */
  async refreshSessions(): Promise<void> {
    this.showSessions((await this.api.sessions()).sessions);
  }

  private showSessions(sessions: LoginSession[]): void {
    this.sessions.replaceChildren(...sessions.map((s) => this.sessionRow(s)));
  }

  private sessionRow(session: LoginSession): HTMLLIElement {
    const where = [session.userAgent ?? t('account.unknownDevice'), session.ip].filter(Boolean).join(' · ');
    const since = fullTime(session.createdAt);
    const when = session.lastUsedAt ? t('account.sinceAndActive', { since, active: fullTime(session.lastUsedAt) }) : t('account.since', { since });
    const row = h('li', { class: 'account-session' }, h('span', { dir: 'auto' }, `${session.current ? t('account.thisBrowser') : where} `), h('span', { class: 'muted small-text' }, when));
    if (session.deviceBound) row.append(' ', h('span', { class: 'muted small-text', title: t('account.deviceBoundHint') }, t('account.deviceBound')));
    if (!session.current) {
      const end = h('button', { type: 'button', class: 'button ghost small', 'aria-label': t('account.logOutLabel', { where }) }, t('markup.logOut'));
      end.addEventListener('click', () =>
        void this.act(async () => {
          await this.api.revokeSession(session.id, this.codeFor());
          await this.refresh();
        }),
      );
      row.append(' ', end);
    }
    return row;
  }

  private async enrol(): Promise<void> {
    const enrolment: MfaEnrolment = await this.api.enrolMfa();
    this.secret.textContent = enrolment.secret;
    this.appLink.href = enrolment.otpauthUrl;
    this.confirmCode.value = '';
    this.enrolment.hidden = false;
    this.mfaOn.hidden = true;
    this.confirmCode.focus();
  }

  private async confirm(): Promise<void> {
    await this.api.confirmMfa(this.confirmCode.value.trim());
    this.enrolment.hidden = true;
    await this.refresh();
    this.status.say(t('account.mfaTurnedOn'));
  }

  private async turnOff(): Promise<void> {
    await this.api.disableMfa(this.codeFor() ?? '');
    this.code.value = '';
    await this.refresh();
  }

  private download(): Promise<void> {
    return saveAuthorizedDownload(this.api, '/v1/me/export', `chat-export-${this.api.user.username}.json`);
  }

  private async deleteAccount(): Promise<void> {
    if (!confirm(t('account.confirmDelete'))) return;
    // Once deleted, the session api ends the page's session and says why.
    await this.api.deleteAccount(this.password.value || undefined, this.codeFor());
    this.dialog.close();
  }

  private codeFor(): string | undefined {
    return this.mfaEnabled ? this.code.value.trim() || undefined : undefined;
  }
}
