import type { ModerationEntry } from '@chat/contracts';
import { BanList } from './ban-list';
import { byId, h } from './dom';
import { errorText } from './error-text';
import { fullTime, shortTime } from './format';
import { LogPages } from './log-pages';
import { OpenReportsSection } from './open-reports-section';
import type { SessionApi } from './session-api';
import { t } from './i18n/active-locale';
import { isMessageKey } from './i18n/catalogs';

const PAGE = 50;

/** One line per action, as a person would say it. */
function describe(e: ModerationEntry): string {
  const names = { actor: e.actorName, target: e.targetName ?? t('moderation.someone') };
  switch (e.action) {
    case 'member.removed':
      return t('moderation.removed', names);
    case 'member.banned':
      return typeof e.details.expiresAt === 'string' ? t('moderation.bannedUntil', { ...names, time: fullTime(e.details.expiresAt) }) : t('moderation.banned', names);
    case 'member.unbanned':
      return t('moderation.unbanned', names);
    case 'member.role-changed': {
      const role = String(e.details.role);
      const key = `moderation.role.${role}`;
      return t('moderation.roleChanged', { ...names, role: isMessageKey(key) ? t(key) : role });
    }
    case 'message.deleted':
      return t('moderation.messageDeleted', names);
    case 'account.banned':
      return t('moderation.accountBanned', names);
    case 'account.unbanned':
      return t('moderation.accountUnbanned', names);
    case 'message.reported':
      return t('moderation.reported', names);
    case 'report.resolved':
      return t('moderation.reportResolved', names);
  }
}

/**
 * A conversation's moderation for its owners and admins: the open reports (open-reports-section.ts),
 * the bans in force, each with Lift ban (ban-list.ts),
 * and the log (GET …/moderation-log), newest first, searched by name or reason, paged with
 * "Older entries".
 */
export class ModerationLogDialog {
  private readonly dialog = byId<HTMLDialogElement>('moderation-dialog');
  private readonly form = byId<HTMLFormElement>('moderation-form');
  private readonly input = byId<HTMLInputElement>('moderation-search');
  private readonly status = byId('moderation-status');
  private readonly pages: LogPages<ModerationEntry>;
  private readonly bans: BanList;
  private readonly reports: OpenReportsSection;
  private conversationId = '';

  constructor(private readonly api: SessionApi) {
    this.pages = new LogPages(
      { entries: byId<HTMLUListElement>('moderation-entries'), more: byId<HTMLButtonElement>('moderation-more'), status: this.status },
      (before) => this.api.moderationLog(this.conversationId, { q: this.query(), before, limit: PAGE }),
      (e) => this.row(e),
      () => (this.query() ? t('moderation.nothingMatches', { query: this.query()! }) : t('moderation.none')),
    );
    this.bans = new BanList(
      'moderation-bans',
      {
        page: async (before) => {
          const { bans, hasMore } = await this.api.bans(this.conversationId, before ? { before } : {});
          return { bans: bans.map((b) => ({ ...b, until: b.expiresAt })), hasMore };
        },
        lift: (userId) => this.api.liftBan(this.conversationId, userId),
      },
      { failed: (err) => (this.status.textContent = errorText(err)), lifted: () => this.pages.load(true) },
    );
    this.reports = new OpenReportsSection(api, () => void this.pages.load(true));
    this.dialog.querySelector('[data-close]')!.addEventListener('click', () => this.dialog.close());
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.pages.load(true);
    });
  }

  private query(): string | undefined {
    return this.input.value.trim() || undefined;
  }

  show(conversationId: string): void {
    this.conversationId = conversationId;
    this.input.value = '';
    this.dialog.showModal();
    void this.bans.load();
    void this.reports.load(conversationId);
    void this.pages.load(true);
  }

  /** A `message.reported` frame: while this conversation's dialog is open, its reports and log show the new one. */
  reportFiled(conversationId: string): void {
    if (!this.dialog.open || conversationId !== this.conversationId) return;
    void this.reports.load(conversationId);
    void this.pages.load(true);
  }

  private row(e: ModerationEntry): HTMLLIElement {
    return h(
      'li',
      { class: 'moderation-entry' },
      h('time', { datetime: e.createdAt, title: fullTime(e.createdAt), class: 'muted small-text' }, shortTime(e.createdAt)),
      h('span', { dir: 'auto' }, ` ${describe(e)}`),
      e.reason ? h('span', { class: 'muted', dir: 'auto' }, `: ${e.reason}`) : null,
    );
  }
}
