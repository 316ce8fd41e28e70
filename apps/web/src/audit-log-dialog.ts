import { AUDIT_ACTIONS, type AuditAction, type AuditEntry, type AuditOutcome, type AuditSummaryRow } from '@chat/contracts';
import { avatarNode } from './avatar';
import { byId, h } from './dom';
import { errorText } from './error-text';
import { fullTime, shortTime } from './format';
import { LogPages } from './log-pages';
import type { SessionApi } from './session-api';
import { formatNumber, t } from './i18n/active-locale';
import type { MessageKey } from './i18n/catalogs';

const PAGE = 50;
const SUMMARY_DAYS = 7;

/** Each audited action's name, for the filter, the summary and the entries. */
const ACTION_TEXT = {
  'auth.register': 'audit.auth.register',
  'auth.login': 'audit.auth.login',
  'auth.account-locked': 'audit.auth.account-locked',
  'auth.address-locked': 'audit.auth.address-locked',
  'auth.guest': 'audit.auth.guest',
  'auth.refresh': 'audit.auth.refresh',
  'auth.ws-ticket': 'audit.auth.ws-ticket',
  'auth.logout': 'audit.auth.logout',
  'auth.session.revoke': 'audit.auth.session.revoke',
  'auth.mfa.enrol': 'audit.auth.mfa.enrol',
  'auth.mfa.confirm': 'audit.auth.mfa.confirm',
  'auth.mfa.disable': 'audit.auth.mfa.disable',
  'e2ee.device.register': 'audit.e2ee.device.register',
  'e2ee.device.unlink': 'audit.e2ee.device.unlink',
  'e2ee.backup.store': 'audit.e2ee.backup.store',
  'e2ee.backup.opt-out': 'audit.e2ee.backup.opt-out',
  'e2ee.backup.delete': 'audit.e2ee.backup.delete',
  'conversation.create': 'audit.conversation.create',
  'conversation.delete': 'audit.conversation.delete',
  'message.send': 'audit.message.send',
  'message.edit': 'audit.message.edit',
  'message.delete': 'audit.message.delete',
  'message.policy-refused': 'audit.message.policy-refused',
  'message.pin': 'audit.message.pin',
  'message.unpin': 'audit.message.unpin',
  'history.read': 'audit.history.read',
  'message.search': 'audit.message.search',
  'sync.read': 'audit.sync.read',
  'account.export': 'audit.account.export',
  'account.delete': 'audit.account.delete',
  'admin.export.request': 'audit.admin.export.request',
  'admin.export.download': 'audit.admin.export.download',
  'tenant.create': 'audit.tenant.create',
  'tenant.update': 'audit.tenant.update',
  'admin.account.ban': 'audit.admin.account.ban',
  'admin.account.unban': 'audit.admin.account.unban',
  'admin.quotas.update': 'audit.admin.quotas.update',
  'admin.dead-letters.replay': 'audit.admin.dead-letters.replay',
  'admin.feature.update': 'audit.admin.feature.update',
  'business.owner-change': 'audit.business.owner-change',
  'media.quarantine': 'audit.media.quarantine',
  'admin.media-quarantine.delete': 'audit.admin.media-quarantine.delete',
} as const satisfies Record<AuditAction, MessageKey>;

/** Who an entry names: the account, or for a failed login the username tried. */
function actorOf(e: AuditEntry): string {
  if (e.actorName) return e.actorName;
  return typeof e.details.username === 'string' ? t('audit.someoneAs', { username: e.details.username }) : t('audit.someone');
}

/**
 * "Audit log", for tenant administrators only (GET /v1/me says who is one): the last week counted
 * per action, and the entries newest first, filtered by action and outcome, paged with "Older entries".
 */
export class AuditLogDialog {
  private readonly button = byId<HTMLButtonElement>('audit-button');
  private readonly dialog = byId<HTMLDialogElement>('audit-dialog');
  private readonly action = byId<HTMLSelectElement>('audit-action');
  private readonly outcome = byId<HTMLSelectElement>('audit-outcome');
  private readonly summary = byId<HTMLTableSectionElement>('audit-summary-rows');
  private readonly status = byId('audit-status');
  private readonly pages: LogPages<AuditEntry>;

  constructor(
    private readonly api: SessionApi,
    private readonly titleOf: (conversationId: string) => string | undefined,
  ) {
    this.action.append(...AUDIT_ACTIONS.map((a) => h('option', { value: a }, t(ACTION_TEXT[a]))));
    this.button.addEventListener('click', () => this.show());
    this.dialog.querySelector('[data-close]')!.addEventListener('click', () => this.dialog.close());
    this.pages = new LogPages(
      { entries: byId<HTMLUListElement>('audit-entries'), more: byId<HTMLButtonElement>('audit-more'), status: this.status },
      (before) =>
        this.api.auditLog({
          action: (this.action.value || undefined) as AuditAction | undefined,
          outcome: (this.outcome.value || undefined) as AuditOutcome | undefined,
          before,
          limit: PAGE,
        }),
      (e) => this.row(e),
      () => t('audit.nothing'),
    );
    for (const filter of [this.action, this.outcome]) filter.addEventListener('change', () => void this.pages.load(true));
  }

  /** Only administrators ever see the button. */
  offer(isAdmin: boolean): void {
    this.button.hidden = !isAdmin;
  }

  private show(): void {
    this.action.value = '';
    this.outcome.value = '';
    this.dialog.showModal();
    void this.loadSummary();
    void this.pages.load(true);
  }

  private async loadSummary(): Promise<void> {
    try {
      const { rows } = await this.api.auditSummary({ since: new Date(Date.now() - SUMMARY_DAYS * 86_400_000).toISOString() });
      this.summary.replaceChildren(...totals(rows).map(([action, count]) => h('tr', {}, h('th', { scope: 'row' }, t(ACTION_TEXT[action])), h('td', {}, formatNumber(count.success)), h('td', {}, formatNumber(count.failure)))));
    } catch (err) {
      this.status.textContent = errorText(err);
    }
  }

  private row(e: AuditEntry): HTMLLIElement {
    const what = { action: t(ACTION_TEXT[e.action]), actor: actorOf(e) };
    const line = e.conversationId ? t('audit.entryIn', { ...what, title: this.titleOf(e.conversationId) ?? t('audit.aConversation') }) : t('audit.entry', what);
    return h(
      'li',
      { class: 'audit-entry' },
      // The actor's picture or initials; none for an entry that names nobody (a failed login).
      e.actorId && e.actorName ? avatarNode(e.actorId, e.actorName, e.actorAvatarUrl) : null,
      h('time', { datetime: e.occurredAt, title: fullTime(e.occurredAt), class: 'muted small-text' }, shortTime(e.occurredAt)),
      h('span', { dir: 'auto' }, ` ${line}`),
      e.outcome === 'failure' ? h('span', { class: 'audit-failed' }, ` ${t('audit.failed', { code: e.errorCode ?? t('audit.unknownCode') })}`) : null,
      e.ip ? h('span', { class: 'muted small-text' }, ` · ${e.ip}`) : null,
    );
  }
}

/** The summary's days added up per action, in the contract's order of actions. */
function totals(rows: readonly AuditSummaryRow[]): [AuditAction, Record<AuditOutcome, number>][] {
  const byAction = new Map<AuditAction, Record<AuditOutcome, number>>();
  for (const row of rows) {
    const count = byAction.get(row.action) ?? { success: 0, failure: 0 };
    count[row.outcome] += row.count;
    byAction.set(row.action, count);
  }
  return AUDIT_ACTIONS.flatMap((a) => (byAction.has(a) ? [[a, byAction.get(a)!] as [AuditAction, Record<AuditOutcome, number>]] : []));
}
