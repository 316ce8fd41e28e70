import type { ConversationBan, ModerationEntry } from '@chat/contracts';
import { AvatarNodes } from './avatar';
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
 * the bans in force, each with Lift ban,
 * and the log (GET …/moderation-log), newest first, searched by name or reason, paged with
 * "Older entries".
 */
export class ModerationLogDialog {
  private readonly dialog = byId<HTMLDialogElement>('moderation-dialog');
  private readonly form = byId<HTMLFormElement>('moderation-form');
  private readonly input = byId<HTMLInputElement>('moderation-search');
  private readonly status = byId('moderation-status');
  private readonly pages: LogPages<ModerationEntry>;
  private readonly bansSection = byId('moderation-bans-section');
  private readonly bans = byId<HTMLUListElement>('moderation-bans');
  private readonly moreBans = byId<HTMLButtonElement>('moderation-bans-more');
  /** The banned people's avatars, per person: lifting one ban redraws the list without loading the others' pictures again. */
  private readonly banAvatars = new AvatarNodes();
  private readonly reports: OpenReportsSection;
  private conversationId = '';

  constructor(private readonly api: SessionApi) {
    this.pages = new LogPages(
      { entries: byId<HTMLUListElement>('moderation-entries'), more: byId<HTMLButtonElement>('moderation-more'), status: this.status },
      (before) => this.api.moderationLog(this.conversationId, { q: this.query(), before, limit: PAGE }),
      (e) => this.row(e),
      () => (this.query() ? t('moderation.nothingMatches', { query: this.query()! }) : t('moderation.none')),
    );
    this.reports = new OpenReportsSection(api, () => void this.pages.load(true));
    this.dialog.querySelector('[data-close]')!.addEventListener('click', () => this.dialog.close());
    this.moreBans.addEventListener('click', () => void this.loadBans(this.bans.lastElementChild instanceof HTMLElement ? this.bans.lastElementChild.dataset.userId : undefined));
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
    void this.loadBans();
    void this.reports.load(conversationId);
    void this.pages.load(true);
  }

  /** A `message.reported` frame: while this conversation's dialog is open, its reports and log show the new one. */
  reportFiled(conversationId: string): void {
    if (!this.dialog.open || conversationId !== this.conversationId) return;
    void this.reports.load(conversationId);
    void this.pages.load(true);
  }

  /** The bans in force, newest first, a page at a time (the server's page size): from the start, or after the ban of `before`. */
  private async loadBans(before?: string): Promise<void> {
    try {
      const { bans, hasMore } = await this.api.bans(this.conversationId, before ? { before } : {});
      const rows = bans.map((b) => this.banRow(b));
      if (before) {
        this.bans.append(...rows);
      } else {
        this.bans.replaceChildren(...rows);
        this.banAvatars.settle();
      }
      this.moreBans.hidden = !hasMore;
      this.bansSection.hidden = this.bans.childElementCount === 0;
    } catch (err) {
      this.status.textContent = errorText(err);
    }
  }

  private banRow(ban: ConversationBan): HTMLLIElement {
    const lift = h('button', { type: 'button', class: 'button ghost small', 'aria-label': t('moderation.liftLabel', { name: ban.displayName }) }, t('moderation.lift'));
    lift.addEventListener('click', () => void this.lift(ban));
    const until = ban.expiresAt ? t('moderation.until', { time: fullTime(ban.expiresAt) }) : t('moderation.untilLifted');
    const avatar = this.banAvatars.draw(ban.userId, ban.userId, ban.displayName, ban.avatarUrl);
    return h('li', { class: 'moderation-entry', 'data-user-id': ban.userId }, avatar, h('span', { dir: 'auto' }, `${ban.displayName} · ${until}${ban.reason ? ` · ${ban.reason}` : ''} `), lift);
  }

  private async lift(ban: ConversationBan): Promise<void> {
    try {
      await this.api.liftBan(this.conversationId, ban.userId);
    } catch (err) {
      this.status.textContent = errorText(err);
      return;
    }
    await Promise.all([this.loadBans(), this.pages.load(true)]);
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
