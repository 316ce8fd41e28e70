import { byId } from './dom';
import { t } from './i18n/active-locale';

/**
 * The pane's floating "@" button, above "Jump to latest": shown while the open conversation has
 * unread mentions, their count in a badge and in its label; a click asks for the next one.
 */
export class MentionJumpButton {
  private readonly button = byId<HTMLButtonElement>('jump-mention');
  private readonly badge = byId('jump-mention-count');

  constructor(jump: () => void) {
    this.button.addEventListener('click', jump);
  }

  show(count: number): void {
    this.button.hidden = count === 0;
    this.badge.textContent = String(count);
    this.button.setAttribute('aria-label', t('pane.jumpToMention', { count }));
  }
}
