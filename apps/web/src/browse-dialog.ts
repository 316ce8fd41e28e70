import type { Conversation } from '@chat/contracts';
import { byId, debounce, h } from './dom';
import type { ConversationDirectory } from './conversation-directory';
import { errorText } from './error-text';
import { joinToOpen } from './join-to-open';
import type { SessionApi } from './session-api';
import { t } from './i18n/active-locale';

const PAGE = 20;

/**
 * "Browse public channels": search by name (GET /v1/conversations/public?q=), page with
 * "Show more", and Join. Channels I am in already offer Open instead.
 */
export class BrowseDialog {
  private readonly dialog = byId<HTMLDialogElement>('browse-dialog');
  private readonly search = byId<HTMLInputElement>('browse-search');
  private readonly status = byId('browse-status');
  private readonly refusal = byId('browse-refusal');
  private readonly results = byId<HTMLUListElement>('browse-results');
  private readonly more = byId<HTMLButtonElement>('browse-more');
  private cursor: string | null = null;
  /** Answers to an older search are dropped when a newer one was started. */
  private query = 0;

  constructor(
    private readonly api: SessionApi,
    private readonly directory: ConversationDirectory,
    private readonly onOpen: (conversation: Conversation) => void,
  ) {
    byId('browse-button').addEventListener('click', () => this.show());
    this.dialog.querySelector('[data-close]')!.addEventListener('click', () => this.dialog.close());
    this.search.addEventListener('input', debounce(() => void this.load(false), 250));
    this.more.addEventListener('click', () => void this.load(true));
  }

  show(): void {
    this.search.value = '';
    this.refusal.hidden = true;
    this.dialog.showModal();
    this.search.focus();
    void this.load(false);
  }

  private async load(append: boolean): Promise<void> {
    const query = ++this.query;
    this.status.textContent = t('browse.searching');
    try {
      const page = await this.api.browsePublic({ q: this.search.value.trim() || undefined, limit: PAGE, cursor: append ? (this.cursor ?? undefined) : undefined });
      if (query !== this.query) return;
      this.cursor = page.nextCursor;
      const rows = page.conversations.map((c) => this.row(c));
      if (append) this.results.append(...rows);
      else this.results.replaceChildren(...rows);
      this.more.hidden = !page.nextCursor;
      const shown = this.results.children.length;
      this.status.textContent = shown ? t('browse.shown', { count: shown }) : t('browse.none');
    } catch (err) {
      if (query === this.query) this.status.textContent = errorText(err);
    }
  }

  private row(c: Conversation): HTMLLIElement {
    const member = !!this.directory.get(c.id);
    const action = h('button', { type: 'button', class: member ? 'button small' : 'button primary small', 'aria-label': t(member ? 'browse.openLabel' : 'browse.joinLabel', { name: c.name ?? t('browse.channel') }) }, t(member ? 'browse.open' : 'browse.join'));
    action.addEventListener('click', () => void this.joinOrOpen(c, member, action));
    return h(
      'li',
      { class: 'browse-item' },
      h(
        'div',
        { class: 'browse-text' },
        h('span', { class: 'browse-name', dir: 'auto' }, `# ${c.name ?? ''}`),
        h('span', { class: 'muted small-text', dir: 'auto' }, [t('header.members', { count: c.memberCount }), c.description].filter(Boolean).join(' · ')),
      ),
      action,
    );
  }

  private async joinOrOpen(c: Conversation, member: boolean, button: HTMLButtonElement): Promise<void> {
    if (!(await joinToOpen(this.api, this.directory, { conversationId: c.id, member }, button, this.refusal))) return;
    this.dialog.close();
    this.onOpen(c);
  }
}
