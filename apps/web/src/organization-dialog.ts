import type { TenantExport, TenantExportStatus, TenantQuotaName, TenantQuotaUsage } from '@chat/contracts';
import { fileSize } from './attachment-view';
import { saveAuthorizedDownload } from './authorized-download';
import { BanList } from './ban-list';
import { byId, h } from './dom';
import { errorText } from './error-text';
import { StatusLine } from './status-line';
import { fullTime, shortTime } from './format';
import { OrganizationCosts } from './organization-costs';
import { OrganizationFeatures } from './organization-features';
import type { SessionApi } from './session-api';
import { QuarantineSection } from './quarantine-section';
import { TenantReportsSection } from './tenant-reports-section';
import { formatNumber, t } from './i18n/active-locale';
import type { MessageKey } from './i18n/catalogs';

/** While an export is being written, how often the list asks again. */
const EXPORT_POLL_MS = 2_000;

const QUOTA_TEXT = { connections: 'organization.connections', onlineUsers: 'organization.onlineUsers', messagesPerMinute: 'organization.messagesPerMinute', mediaBytes: 'organization.mediaBytes' } as const satisfies Record<TenantQuotaName, MessageKey>;
const STATUS_TEXT = { pending: 'organization.pending', running: 'organization.running', ready: 'organization.ready', failed: 'markup.failed' } as const satisfies Record<TenantExportStatus, MessageKey>;

/**
 * "Organization", for its administrators (GET /v1/me says who is one): the reports nobody in
 * their conversation could act on (tenant-reports-section.ts), the accounts banned now, each
 * with Lift ban (GET /v1/admin/bans, ban-list.ts), the uploads the malware scan
 * quarantined (quarantine-section.ts), each quota's limit and use, with
 * the upgrade link the server gives, its costs (organization-costs.ts), who may join by
 * themselves (registration, guests), its feature flags, and exports of all its data
 * (requested here, written by the server in the background, downloaded once ready).
 */
export class OrganizationDialog {
  private readonly button = byId<HTMLButtonElement>('organization-button');
  private readonly dialog = byId<HTMLDialogElement>('organization-dialog');
  private readonly name = byId('organization-dialog-name');
  private readonly usage = byId<HTMLTableSectionElement>('organization-usage');
  private readonly upgrade = byId<HTMLAnchorElement>('organization-upgrade');
  private readonly exports = byId<HTMLUListElement>('organization-exports');
  private readonly status = new StatusLine(byId('organization-status'));
  private readonly openRegistration = byId<HTMLInputElement>('organization-open-registration');
  private readonly guestsAllowed = byId<HTMLInputElement>('organization-guests');
  private readonly features: OrganizationFeatures;
  private readonly costs: OrganizationCosts;
  private readonly reports: TenantReportsSection;
  private readonly bans: BanList;
  private readonly quarantine: QuarantineSection;
  private poll: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly api: SessionApi) {
    this.costs = new OrganizationCosts(api);
    this.bans = new BanList(
      'organization-bans',
      {
        page: async (before) => {
          const { bans, hasMore } = await this.api.bannedAccounts(before ? { before } : {});
          return { bans: bans.map((b) => ({ ...b, until: b.bannedUntil })), hasMore };
        },
        lift: (userId) => this.api.liftAccountBan(userId),
      },
      { failed: (err) => this.status.say(errorText(err)) },
    );
    this.reports = new TenantReportsSection(api, () => void this.bans.load());
    this.quarantine = new QuarantineSection(api);
    this.features = new OrganizationFeatures(api, byId<HTMLUListElement>('organization-features'), (work) => this.status.run(work));
    this.button.addEventListener('click', () => void this.show());
    this.dialog.querySelector('[data-close]')!.addEventListener('click', () => this.dialog.close());
    this.dialog.addEventListener('close', () => clearTimeout(this.poll));
    for (const box of [this.openRegistration, this.guestsAllowed]) {
      box.addEventListener('change', () => void this.status.run(async () => {
        const { tenant } = await this.api.updateTenant({ openRegistration: this.openRegistration.checked, guestsAllowed: this.guestsAllowed.checked });
        this.openRegistration.checked = tenant.openRegistration;
        this.guestsAllowed.checked = tenant.guestsAllowed;
      }));
    }
    byId('organization-export').addEventListener('click', () => void this.status.run(async () => {
      await this.api.requestTenantExport();
      await this.refreshExports();
    }));
  }

  /** Only administrators ever see the button. */
  offer(isAdmin: boolean): void {
    this.button.hidden = !isAdmin;
  }

  /** An escalated report's notice was clicked (a notice cannot be while a dialog is open): the dialog opens at its reports. */
  showReports(): void {
    void this.show();
    this.reports.title.focus();
  }

  /** A report went to the administrators: while the dialog is open, its list shows the new one. */
  reportFiled(): void {
    if (this.dialog.open) void this.reports.load();
  }

  /** A quarantine notice was clicked: the dialog opens at the quarantined files. */
  showQuarantine(): void {
    void this.show();
    this.quarantine.title.focus();
  }

  /** An upload was quarantined: while the dialog is open, its list shows it. */
  fileQuarantined(): void {
    if (this.dialog.open) void this.quarantine.load();
  }

  private async show(): Promise<void> {
    this.status.say('');
    this.dialog.showModal();
    // Beside the rest, not within it: the reports and the quarantine have their own status lines, the bans say theirs on the dialog's.
    void this.reports.load();
    void this.bans.load();
    void this.quarantine.load();
    await this.status.run(async () => {
      const [{ tenant }, usage] = await Promise.all([this.api.tenant(), this.api.tenantUsage()]);
      this.name.textContent = tenant.name;
      this.openRegistration.checked = tenant.openRegistration;
      this.guestsAllowed.checked = tenant.guestsAllowed;
      this.usage.replaceChildren(...(Object.entries(usage.quotas) as [TenantQuotaName, TenantQuotaUsage][]).map(([quota, u]) => this.usageRow(quota, u)));
      this.upgrade.hidden = !usage.upgradeUrl;
      if (usage.upgradeUrl) this.upgrade.href = usage.upgradeUrl;
      await Promise.all([this.features.refresh(), this.refreshExports(), this.costs.show(tenant.id)]);
    });
  }

  private usageRow(quota: TenantQuotaName, { limit, used }: TenantQuotaUsage): HTMLTableRowElement {
    const amount = (n: number) => (quota === 'mediaBytes' ? fileSize(n) : formatNumber(n));
    return h('tr', {}, h('th', { scope: 'row' }, t(QUOTA_TEXT[quota])), h('td', {}, used === null ? '–' : amount(used)), h('td', {}, limit === 0 ? t('organization.noLimit') : amount(limit)));
  }

  private async refreshExports(): Promise<void> {
    clearTimeout(this.poll);
    const { exports } = await this.api.tenantExports({ limit: 10 });
    this.exports.replaceChildren(...(exports.length ? exports.map((e) => this.exportRow(e)) : [h('li', { class: 'muted' }, t('organization.noExports'))]));
    if (this.dialog.open && exports.some((e) => e.status === 'pending' || e.status === 'running')) {
      this.poll = setTimeout(() => void this.status.run(() => this.refreshExports()), EXPORT_POLL_MS);
    }
  }

  private exportRow(e: TenantExport): HTMLLIElement {
    const facts = [t(STATUS_TEXT[e.status]), e.sizeBytes === null ? null : fileSize(e.sizeBytes), e.error].filter(Boolean).join(' · ');
    const row = h('li', { class: 'organization-export', 'data-status': e.status }, h('time', { datetime: e.createdAt, title: fullTime(e.createdAt) }, shortTime(e.createdAt)), ' ', h('span', { class: 'muted small-text' }, facts));
    if (e.status === 'ready') {
      const download = h('button', { type: 'button', class: 'button small' }, t('organization.download'));
      download.addEventListener('click', () => void this.status.run(() => saveAuthorizedDownload(this.api, `/v1/admin/exports/${e.id}/download`)));
      row.append(' ', download);
    }
    return row;
  }
}
