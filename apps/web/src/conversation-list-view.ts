import type { ConversationSummary } from '@chat/contracts';
import { plainTextOf } from '@chat/domain';
import { byId, h } from './dom';
import type { ConversationDirectory } from './conversation-directory';
import { TYPE_SYMBOL, compactTime, fullTime, typeLabel } from './format';
import { t } from './i18n/active-locale';
import { isSealedBody } from './e2ee/sealed-body';
import { voiceMessageText } from './attachment-view';
import { AvatarNodes } from './avatar';

/**
 * The sidebar list of my conversations: a direct conversation's other person as their picture (or
 * initials), the type's symbol for the others; title, the last message and its time, a mark on the
 * muted ones, unread badge, and an "@" badge when some of the unread mention me or answer me; my
 * favourites first, in a group of their own, and the filter box filters both groups. Up/Down, Home
 * and End move between entries (across the groups); the open one is marked with aria-current.
 * Re-rendering keeps the keyboard focus on the same conversation.
 */
export class ConversationListView {
  private readonly list = byId<HTMLUListElement>('conversation-list');
  private readonly empty = byId('conversation-empty');
  private readonly filter = byId<HTMLInputElement>('conversation-filter');
  /** Direct conversations' avatars, per conversation: redrawing the list keeps their pictures loaded. */
  private readonly avatars = new AvatarNodes();

  constructor(
    private readonly directory: ConversationDirectory,
    private readonly onSelect: (id: string) => void,
  ) {
    this.filter.addEventListener('input', () => this.render());
    this.list.addEventListener('keydown', (e) => this.onKey(e));
  }

  render(): void {
    const focusedId = (document.activeElement as HTMLElement | null)?.closest<HTMLElement>('[data-conversation-id]')?.dataset.conversationId;
    const needle = this.filter.value.trim().toLocaleLowerCase();
    const all = this.directory.list();
    const shown = needle ? all.filter((c) => this.directory.titleOf(c).toLocaleLowerCase().includes(needle)) : all;
    const favourites = shown.filter((c) => c.favourite);
    // Without a favourite among them, one plain list; with one, the favourites come first under their own heading.
    const items = favourites.length === 0 ? this.entries(shown) : [this.group('favourites', t('list.favourites'), favourites), this.group('others', t('list.others'), shown.filter((c) => !c.favourite))];
    this.list.replaceChildren(...items.filter((item) => item !== null));
    this.avatars.settle();
    this.empty.hidden = all.length > 0;
    if (focusedId) this.list.querySelector<HTMLElement>(`[data-conversation-id="${CSS.escape(focusedId)}"]`)?.focus();
  }

  focusActive(): void {
    (this.list.querySelector<HTMLElement>('[aria-current="true"]') ?? this.list.querySelector<HTMLElement>('button'))?.focus();
  }

  private entries(conversations: readonly ConversationSummary[]): HTMLLIElement[] {
    return conversations.map((c) => h('li', {}, this.entry(c)));
  }

  /** A titled sub-list (named by its heading for screen readers); none when nothing is in it. */
  private group(key: string, title: string, conversations: readonly ConversationSummary[]): HTMLLIElement | null {
    if (conversations.length === 0) return null;
    const headingId = `conversation-group-${key}`;
    return h(
      'li',
      { class: 'conversation-group', 'data-group': key },
      h('h3', { id: headingId, class: 'section-title conversation-group-title' }, title),
      h('ul', { class: 'conversation-list', 'aria-labelledby': headingId }, ...this.entries(conversations)),
    );
  }

  private entry(c: ConversationSummary): HTMLButtonElement {
    const title = this.directory.titleOf(c);
    const unread = c.unreadCount > 0 ? h('span', { class: 'badge', 'aria-label': t('list.unread', { count: c.unreadCount }) }, c.unreadCount > 99 ? '99+' : String(c.unreadCount)) : null;
    // Only the sign shows: the unread badge beside it has the number, the label says how many of those address me.
    const addressed = c.unreadMentionCount > 0 ? h('span', { class: 'badge mention-badge', 'aria-label': t('list.unreadMentions', { count: c.unreadMentionCount }) }, '@') : null;
    const preview = c.lastMessage ? (c.lastMessage.deletedAt ? t('list.messageDeleted') : c.e2ee || isSealedBody(c.lastMessage.body) ? t('e2ee.preview') : plainTextOf(c.lastMessage.body) || voiceMessageText(c.lastMessage.attachments) || '') : c.description || typeLabel(c.type);
    const button = h(
      'button',
      { type: 'button', class: 'conversation-item', 'data-conversation-id': c.id, 'data-unread': c.unreadCount > 0, 'data-muted': c.muted, 'aria-current': c.id === this.directory.active ? 'true' : null },
      this.symbol(c),
      h(
        'span',
        { class: 'conversation-text' },
        h(
          'span',
          { class: 'conversation-top' },
          h('span', { class: 'conversation-title', dir: 'auto' }, h('span', { class: 'visually-hidden' }, t('list.kind', { kind: typeLabel(c.type) })), title),
          c.lastMessage ? lastMessageTime(c.lastMessage.createdAt) : null,
        ),
        h('span', { class: 'conversation-preview', dir: 'auto' }, preview),
      ),
      c.type === 'business' ? h('span', { class: 'conversation-tag', 'aria-hidden': 'true' }, t('list.businessTag')) : null,
      c.muted ? mutedMark() : null,
      addressed,
      unread,
    );
    button.addEventListener('click', () => this.onSelect(c.id));
    return button;
  }

  /** The other person's picture (initials without one) for a direct conversation once they are known, else the type's symbol. */
  private symbol(c: ConversationSummary): HTMLElement {
    const partner = this.directory.partnerOf(c);
    if (!partner) return h('span', { class: `conversation-symbol type-${c.type}`, 'aria-hidden': 'true' }, TYPE_SYMBOL[c.type]);
    const avatar = this.avatars.draw(c.id, partner.userId, partner.displayName, partner.avatarUrl);
    avatar.classList.add('conversation-avatar');
    return avatar;
  }

  private onKey(event: KeyboardEvent): void {
    const buttons = Array.from(this.list.querySelectorAll<HTMLButtonElement>('button.conversation-item'));
    const i = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (i < 0) return;
    const next = { ArrowDown: i + 1, ArrowUp: i - 1, Home: 0, End: buttons.length - 1 }[event.key];
    if (next === undefined || next < 0 || next >= buttons.length) return;
    event.preventDefault();
    buttons[next].focus();
  }
}

/** When the last message was written, as short as the row allows (drawn again with every redraw, so a new message moves it on); the full time in its tooltip. */
function lastMessageTime(iso: string): HTMLTimeElement {
  return h('time', { class: 'conversation-time', datetime: iso, title: fullTime(iso) }, compactTime(iso));
}

/** A muted conversation's bell, in words for screen readers (its tooltip says the same to a mouse). */
function mutedMark(): HTMLElement {
  return h('span', { class: 'muted-mark', title: t('list.muted') }, h('span', { 'aria-hidden': 'true' }, '🔕'), h('span', { class: 'visually-hidden' }, t('list.muted')));
}
