import { byId } from './dom';
import { t } from './i18n/active-locale';

/**
 * "Alice is typing…" under the open conversation's messages, in a polite live region. `typing`
 * frames carry the whole list of typists per conversation; the latest list of every
 * conversation is kept, so opening one where someone is already typing shows it at once.
 */
export class TypingIndicator {
  private readonly line = byId('typing-indicator');
  private readonly typists = new Map<string, string[]>();
  private shownFor: string | null = null;

  constructor(
    private readonly meId: string,
    private readonly nameOf: (userId: string) => string,
  ) {}

  update(conversationId: string, userIds: string[]): void {
    this.typists.set(conversationId, userIds);
    if (conversationId === this.shownFor) this.render();
  }

  /** The open conversation (null: none). */
  show(conversationId: string | null): void {
    this.shownFor = conversationId;
    this.render();
  }

  /** Names arrived after the member list was (re)loaded. */
  render(): void {
    const others = (this.shownFor ? (this.typists.get(this.shownFor) ?? []) : []).filter((id) => id !== this.meId);
    const text = typingText(others.map((id) => this.nameOf(id)));
    // Unchanged text is not written again, so a screen reader does not repeat it.
    if (this.line.textContent !== text) this.line.textContent = text;
  }
}

function typingText(names: string[]): string {
  if (names.length === 0) return '';
  if (names.length === 1) return t('typing.one', { name: names[0] });
  if (names.length === 2) return t('typing.two', { first: names[0], second: names[1] });
  return t('typing.several');
}
