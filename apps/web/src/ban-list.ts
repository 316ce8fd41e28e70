import { AvatarNodes } from './avatar';
import { byId, h } from './dom';
import { fullTime } from './format';
import { t } from './i18n/active-locale';

/** A ban in force as the list shows it: from a conversation, or of the whole account. */
export interface ShownBan {
  userId: string;
  displayName: string;
  avatarUrl: string | null;
  reason: string | null;
  /** Null for a ban until lifted. */
  until: string | null;
}

export interface BanSource {
  /** One page of bans in force, newest first: from the start, or after the ban of `before`. */
  page(before: string | undefined): Promise<{ bans: ShownBan[]; hasMore: boolean }>;
  lift(userId: string): Promise<void>;
}

export interface BanListEvents {
  failed(err: unknown): void;
  /** After a lift, beside the list's reload: what else shows it (a log, say) loads again. */
  lifted?(): Promise<void>;
}

/**
 * "Banned now": the bans in force, a page at a time (the server's page size, "Show more" for the
 * next), each with Lift ban; the section hides while there are none. `#<id>` is the list,
 * `#<id>-section` and `#<id>-more` its section and button in index.html. A conversation's
 * moderation dialog lists its bans, the Organization dialog the account bans.
 */
export class BanList {
  private readonly section: HTMLElement;
  private readonly list: HTMLUListElement;
  private readonly more: HTMLButtonElement;
  /** The banned people's avatars, per person: lifting one ban redraws the list without loading the others' pictures again. */
  private readonly avatars = new AvatarNodes();

  constructor(
    id: string,
    private readonly source: BanSource,
    private readonly events: BanListEvents,
  ) {
    this.section = byId(`${id}-section`);
    this.list = byId<HTMLUListElement>(id);
    this.more = byId<HTMLButtonElement>(`${id}-more`);
    this.more.addEventListener('click', () => void this.load(this.list.lastElementChild instanceof HTMLElement ? this.list.lastElementChild.dataset.userId : undefined));
  }

  async load(before?: string): Promise<void> {
    try {
      const { bans, hasMore } = await this.source.page(before);
      const rows = bans.map((b) => this.row(b));
      if (before) {
        this.list.append(...rows);
      } else {
        this.list.replaceChildren(...rows);
        this.avatars.settle();
      }
      this.more.hidden = !hasMore;
      this.section.hidden = this.list.childElementCount === 0;
    } catch (err) {
      this.events.failed(err);
    }
  }

  private row(ban: ShownBan): HTMLLIElement {
    const lift = h('button', { type: 'button', class: 'button ghost small', 'aria-label': t('moderation.liftLabel', { name: ban.displayName }) }, t('moderation.lift'));
    lift.addEventListener('click', () => void this.lift(ban));
    const until = ban.until ? t('moderation.until', { time: fullTime(ban.until) }) : t('moderation.untilLifted');
    const avatar = this.avatars.draw(ban.userId, ban.userId, ban.displayName, ban.avatarUrl);
    return h('li', { class: 'moderation-entry', 'data-user-id': ban.userId }, avatar, h('span', { dir: 'auto' }, `${ban.displayName} · ${until}${ban.reason ? ` · ${ban.reason}` : ''} `), lift);
  }

  private async lift(ban: ShownBan): Promise<void> {
    try {
      await this.source.lift(ban.userId);
    } catch (err) {
      this.events.failed(err);
      return;
    }
    await Promise.all([this.load(), this.events.lifted?.()]);
  }
}
