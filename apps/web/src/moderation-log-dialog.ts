import type { ConversationBan, ModerationEntry } from '@chat/contracts';
import { byId, h } from './dom';
import { errorText } from './error-text';
import { fullTime, shortTime } from './format';
import { LogPages } from './log-pages';
import type { SessionApi } from './session-api';

const PAGE = 50;

/** One line per action, as a person would say it. */
function describe(e: ModerationEntry): string {
  const target = e.targetName ?? 'someone';
  switch (e.action) {
    case 'member.removed':
      return `${e.actorName} removed ${target}`;
    case 'member.banned':
      return `${e.actorName} banned ${target}${typeof e.details.expiresAt === 'string' ? ` until ${fullTime(e.details.expiresAt)}` : ''}`;
    case 'member.unbanned':
      return `${e.actorName} lifted the ban on ${target}`;
    case 'member.role-changed':
      return `${e.actorName} made ${target} ${String(e.details.role)}`;
    case 'message.deleted':
      return `${e.actorName} deleted a message by ${target}`;
    case 'account.banned':
      return `${e.actorName} banned the account of ${target}`;
    case 'account.unbanned':
      return `${e.actorName} lifted the account ban on ${target}`;
  }
}

/**
 * A conversation's moderation for its owners and admins: the bans in force, each with Lift ban,
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
  private conversationId = '';

  constructor(private readonly api: SessionApi) {
    this.pages = new LogPages(
      { entries: byId<HTMLUListElement>('moderation-entries'), more: byId<HTMLButtonElement>('moderation-more'), status: this.status },
      (before) => this.api.moderationLog(this.conversationId, { q: this.query(), before, limit: PAGE }),
      (e) => this.row(e),
      () => (this.query() ? `Nothing matches “${this.query()}”.` : 'No moderation in this conversation yet.'),
    );
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
    void this.loadBans();
    void this.pages.load(true);
  }

  private async loadBans(): Promise<void> {
    try {
      const { bans } = await this.api.bans(this.conversationId);
      this.bans.replaceChildren(...bans.map((b) => this.banRow(b)));
      this.bansSection.hidden = bans.length === 0;
    } catch (err) {
      this.status.textContent = errorText(err);
    }
  }

  private banRow(ban: ConversationBan): HTMLLIElement {
    const lift = h('button', { type: 'button', class: 'button ghost small', 'aria-label': `Lift the ban on ${ban.displayName}` }, 'Lift ban');
    lift.addEventListener('click', () => void this.lift(ban));
    const until = ban.expiresAt ? `until ${fullTime(ban.expiresAt)}` : 'until lifted';
    return h('li', { class: 'moderation-entry' }, h('span', { dir: 'auto' }, `${ban.displayName} · ${until}${ban.reason ? ` · ${ban.reason}` : ''} `), lift);
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
