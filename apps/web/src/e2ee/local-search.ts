import { byId } from '../dom';
import { t } from '../i18n/active-locale';
import type { BrowserE2ee } from './browser-e2ee';

/** What the search narrows: the message list, showing only the messages with these ids (null: all). */
export interface MessageFilter {
  filter(messageIds: Set<string> | null): void;
}

/**
 * The search box of an open E2EE conversation. The server cannot search ciphertext, so this
 * filters the messages this browser decrypted (the SDK's client-side index) as the user types;
 * older pages take part once they are loaded, which the count says ("loaded messages").
 */
export class LocalSearch {
  private readonly form = byId<HTMLFormElement>('e2ee-search');
  private readonly input = byId<HTMLInputElement>('e2ee-search-input');
  private readonly status = byId('e2ee-search-status');
  private conversationId: string | null = null;
  /** Answers to an older query are dropped once a newer one was started. */
  private query = 0;

  constructor(
    private readonly e2ee: BrowserE2ee,
    private readonly list: MessageFilter,
  ) {
    this.form.addEventListener('submit', (e) => e.preventDefault());
    this.input.addEventListener('input', () => void this.apply());
  }

  /** The open conversation when it is E2EE, else null (the box hides, nothing is filtered). */
  show(conversationId: string | null): void {
    this.conversationId = conversationId;
    this.form.hidden = !conversationId;
    this.input.value = '';
    void this.apply();
  }

  /** Messages were drawn or changed: a search in force covers them too. */
  refresh(): void {
    if (this.conversationId && this.input.value.trim()) void this.apply();
  }

  private async apply(): Promise<void> {
    const query = ++this.query;
    const text = this.input.value.trim();
    const id = this.conversationId;
    if (!id || !text) {
      this.list.filter(null);
      this.status.textContent = '';
      return;
    }
    const hits = await this.e2ee.search(id, text);
    if (query !== this.query) return;
    this.list.filter(new Set(hits.map((m) => m.id)));
    this.status.textContent = t('e2ee.searchCount', { count: hits.length });
  }
}
