import type { Conversation, SearchHit } from '@chat/contracts';
import type { ConversationDirectory } from './conversation-directory';
import { byId, h } from './dom';
import { errorText } from './error-text';
import { fullTime, shortTime, TYPE_SYMBOL } from './format';
import { searchSnippet, segmentNodes } from './highlight';
import { joinToOpen } from './join-to-open';
import type { SessionApi } from './session-api';
import { t } from './i18n/active-locale';

const LIMIT = 30;

/**
 * Message search (GET /v1/search) from the sidebar's search box: results show the excerpt with
 * the matched words marked, the conversation, sender and time; choosing one opens its
 * conversation at that message (joining a public channel first when I am not in it).
 */
export class SearchDialog {
  private readonly form = byId<HTMLFormElement>('search-form');
  private readonly input = byId<HTMLInputElement>('search-input');
  private readonly dialog = byId<HTMLDialogElement>('search-dialog');
  private readonly status = byId('search-status');
  private readonly refusal = byId('search-refusal');
  private readonly results = byId<HTMLUListElement>('search-results');
  /** Answers to an older search are dropped when a newer one was started. */
  private query = 0;

  constructor(
    private readonly api: SessionApi,
    private readonly directory: ConversationDirectory,
    private readonly onOpen: (conversationId: string, seq: number) => void,
    private readonly meId: string,
  ) {
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.search();
    });
    this.dialog.querySelector('[data-close]')!.addEventListener('click', () => this.dialog.close());
  }

  private async search(): Promise<void> {
    const text = this.input.value.trim();
    if (!text) return this.input.focus();
    const query = ++this.query;
    byId('search-title').textContent = t('search.resultsFor', { text });
    this.results.replaceChildren();
    this.refusal.hidden = true;
    this.status.textContent = t('search.searching');
    if (!this.dialog.open) this.dialog.showModal();
    try {
      const { hits } = await this.api.search({ q: text, limit: LIMIT });
      if (query !== this.query) return;
      this.results.replaceChildren(...hits.map((hit) => this.row(hit)));
      this.status.textContent = hits.length
        ? t('search.found', { count: hits.length })
        : t('search.none', { text });
      (this.results.querySelector('button') ?? this.dialog.querySelector<HTMLElement>('[data-close]'))?.focus();
      void this.fillNames(hits, query);
    } catch (err) {
      if (query === this.query) this.status.textContent = errorText(err);
    }
  }

  private row(hit: SearchHit): HTMLLIElement {
    const { message, conversation } = hit;
    const member = !!this.directory.get(conversation.id);
    const open = h(
      'button',
      { type: 'button', class: 'search-hit', 'data-seq': message.seq, 'data-conversation-id': conversation.id, 'data-sender-id': message.senderId },
      h(
        'span',
        { class: 'search-hit-meta' },
        h('span', { class: 'search-hit-conversation', dir: 'auto' }, this.titleOf(conversation)),
        ' · ',
        h('span', { class: 'search-hit-sender', dir: 'auto' }, message.senderId === this.meId ? t('pane.you') : '…'),
        ' · ',
        h('time', { datetime: message.createdAt, title: fullTime(message.createdAt) }, shortTime(message.createdAt)),
      ),
      h('span', { class: 'search-hit-text', dir: 'auto' }, ...segmentNodes(searchSnippet(hit.highlight, message.body))),
      member ? null : h('span', { class: 'muted small-text' }, t('search.joinsOnOpen')),
    );
    open.addEventListener('click', () => void this.choose(conversation, message.seq, member, open));
    return h('li', {}, open);
  }

  private titleOf(conversation: Conversation): string {
    return `${TYPE_SYMBOL[conversation.type]} ${this.directory.titleOf(conversation)}`;
  }

  /** Sender names (and the titles of unnamed conversations) from each conversation's members, once the hits are shown. */
  private async fillNames(hits: SearchHit[], query: number): Promise<void> {
    const conversations = new Map(hits.map((hit) => [hit.conversation.id, hit.conversation]));
    await Promise.allSettled(
      [...conversations.values()].map(async (conversation) => {
        const { members } = await this.api.getConversation(conversation.id);
        if (query !== this.query) return;
        this.directory.learnMembers(conversation.id, members);
        const names = new Map(members.map((m) => [m.userId, m.displayName]));
        for (const node of Array.from(this.results.querySelectorAll<HTMLElement>(`[data-conversation-id="${conversation.id}"]`))) {
          node.querySelector('.search-hit-conversation')!.textContent = this.titleOf(conversation);
          const sender = node.dataset.senderId!;
          if (sender !== this.meId) node.querySelector('.search-hit-sender')!.textContent = names.get(sender) ?? t('pane.formerMember');
        }
      }),
    );
  }

  private async choose(conversation: Conversation, seq: number, member: boolean, button: HTMLButtonElement): Promise<void> {
    if (!(await joinToOpen(this.api, this.directory, { conversationId: conversation.id, member }, button, this.refusal))) return;
    this.dialog.close();
    this.onOpen(conversation.id, seq);
  }
}
