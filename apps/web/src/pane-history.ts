import type { Message } from '@chat/contracts';
import type { LocalSearch } from './e2ee/local-search';
import { HistoryPager } from './history-pager';
import type { MessageListView } from './message-list-view';
import type { MessageReveal } from './message-reveal';
import type { Notifier } from './notifier';
import type { SessionApi } from './session-api';
import { t } from './i18n/active-locale';

/** The server's largest history page: the most messages fetched at once up to a quoted message. */
const MAX_HISTORY_PAGE = 500;
/** Messages loaded above a quoted one brought into view, so what it answered is there to read too. */
const QUOTED_CONTEXT = 10;

export interface PaneHistoryDeps {
  api: Pick<SessionApi, 'history'>;
  notifier: Pick<Notifier, 'announce' | 'error'>;
  list: Pick<MessageListView, 'firstSeq' | 'flash' | 'prepend'>;
  scroller: HTMLElement;
  localSearch: Pick<LocalSearch, 'refresh'>;
  revealed: Pick<MessageReveal, 'reveal'>;
  openId(): string | null;
  /** Opens conversation `id` again around message `seq`, as for a search result. */
  openAround(id: string, seq: number): Promise<void>;
  /** A request about conversation `id` failed: true when that was because it is not mine, and it went (ConversationPane.lost). */
  lost(id: string, err: unknown): boolean;
  /** An older page (as served) was drawn: my messages in it settle the outbox's sends they are (ConversationPane.settleMine). */
  settleMine(served: readonly Message[]): void;
}

/**
 * History of the open conversation above and among the pages shown: Load older (the pager's
 * button and page size), a reply's quote brought into view, and one message fetched again for
 * attachment links signed now. Every answer is dropped when another conversation opened meanwhile.
 */
export class PaneHistory {
  readonly pager: HistoryPager;

  constructor(private readonly deps: PaneHistoryDeps) {
    this.pager = new HistoryPager((limit) => this.loadOlder(limit));
  }

  /**
   * A reply's quote was chosen: the message it answers is marked for a moment. Above the loaded
   * pages, the pages up to it are loaded first (keeping them in one run, as Load older does); so far
   * back that this would take more than one of the server's largest pages, the conversation opens
   * around it instead, as for a search result.
   */
  async showQuoted(seq: number): Promise<void> {
    const { list } = this.deps;
    const id = this.deps.openId();
    const first = list.firstSeq;
    if (list.flash(seq) || !id || first === undefined || seq >= first) return;
    const missing = first - seq + QUOTED_CONTEXT;
    if (missing > MAX_HISTORY_PAGE) return this.deps.openAround(id, seq);
    await this.loadOlder(missing);
    if (id === this.deps.openId()) list.flash(seq);
  }

  /** One message of the open conversation fetched again, for attachment links signed now (null: it is gone). */
  async freshAttachments(seq: number): Promise<Message['attachments'] | null> {
    const id = this.deps.openId();
    if (!id) return null;
    const { messages } = await this.deps.api.history(id, { after: seq - 1, limit: 1 });
    const message = messages.find((m) => m.seq === seq);
    return message && !message.deletedAt ? message.attachments : null;
  }

  private async loadOlder(limit: number): Promise<void> {
    const { list, scroller } = this.deps;
    const id = this.deps.openId();
    const before = list.firstSeq;
    if (!id || before === undefined || before <= 1) return this.pager.setHasMore(false);
    try {
      const page = await this.deps.api.history(id, { before, limit });
      if (id !== this.deps.openId()) return;
      const older = await this.deps.revealed.reveal(page.messages);
      if (id !== this.deps.openId()) return;
      // Keep what the user was looking at in place while the older page grows above it.
      const fromBottom = scroller.scrollHeight - scroller.scrollTop;
      list.prepend(older);
      this.deps.settleMine(page.messages);
      this.deps.localSearch.refresh();
      scroller.scrollTop = scroller.scrollHeight - fromBottom;
      this.pager.setHasMore(page.hasMore);
      this.deps.notifier.announce(t('pane.loadedOlder', { count: page.messages.length }));
    } catch (err) {
      if (!this.deps.lost(id, err)) this.deps.notifier.error(err, t('pane.loadOlderFailed'));
    }
  }
}
