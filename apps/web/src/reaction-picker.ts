import { h } from './dom';
import { t } from './i18n/active-locale';

/** What "More reactions" offers beyond the quick ones: common faces, gestures, hearts and things, in rows of eight. */
export const MORE_REACTIONS = [
  '😀', '😁', '😊', '😍', '🤔', '😅', '😢', '😡',
  '😎', '🥳', '😴', '🤯', '🙃', '😬', '🤗', '🙈',
  '👏', '🙌', '🙏', '💪', '👀', '👌', '✌️', '👎',
  '🔥', '✨', '💯', '✅', '❌', '⚠️', '❓', '💡',
  '🚀', '🎯', '📌', '📎', '☕', '🍕', '🎂', '🏆',
] as const;
const COLUMNS = 8;

let open: { close(): void } | null = null;

/** What a reaction control says: react with `emoji`, or take mine back. */
export function reactionLabel(emoji: string, mine: boolean): string {
  return t(mine ? 'message.unreact' : 'message.react', { emoji });
}

/**
 * A grid of emoji beside `anchor` (a message's "More reactions" button), `mine` marked as such;
 * choosing one calls `pick` and closes it. Arrow keys, Home and End move through the grid, Enter or a click chooses,
 * Escape, Tab or a click elsewhere closes it; the focus goes back to `anchor` if it is still there.
 * One at a time: opening another closes the first.
 */
export function openReactionPicker(anchor: HTMLElement, mine: readonly string[], pick: (emoji: string) => void): void {
  open?.close();
  const buttons = MORE_REACTIONS.map((emoji) => {
    const reacted = mine.includes(emoji);
    return h('button', { type: 'button', class: reacted ? 'reaction-choice reacted' : 'reaction-choice', 'aria-label': reactionLabel(emoji, reacted), title: emoji }, emoji);
  });
  const grid = h('div', { class: 'reaction-picker', role: 'dialog', 'aria-label': t('message.reactionPicker') }, ...buttons);
  const close = (refocus: boolean) => {
    grid.remove();
    document.removeEventListener('mousedown', outside, true);
    open = null;
    if (refocus && anchor.isConnected) anchor.focus();
  };
  const outside = (e: MouseEvent) => {
    if (!grid.contains(e.target as Node)) close(false);
  };
  grid.addEventListener('click', (e) => {
    const chosen = (e.target as HTMLElement).closest('button');
    if (!chosen) return;
    close(true);
    pick(chosen.textContent!);
  });
  grid.addEventListener('keydown', (e) => {
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const next = { ArrowRight: at + 1, ArrowLeft: at - 1, ArrowDown: at + COLUMNS, ArrowUp: at - COLUMNS, Home: 0, End: buttons.length - 1 }[e.key];
    if (e.key === 'Escape' || e.key === 'Tab') {
      e.preventDefault();
      e.stopPropagation();
      close(true);
    } else if (next !== undefined) {
      e.preventDefault();
      buttons[Math.min(buttons.length - 1, Math.max(0, next))]!.focus();
    }
  });
  document.body.append(grid);
  place(grid, anchor.getBoundingClientRect());
  document.addEventListener('mousedown', outside, true);
  open = { close: () => close(false) };
  buttons[0]!.focus();
}

/** Below the anchor, or above it when there is no room below; always inside the window. */
function place(grid: HTMLElement, anchor: DOMRect): void {
  const { width, height } = grid.getBoundingClientRect();
  const margin = 8;
  const left = Math.min(Math.max(margin, anchor.left), window.innerWidth - width - margin);
  const below = anchor.bottom + 4;
  const top = below + height + margin <= window.innerHeight ? below : Math.max(margin, anchor.top - height - 4);
  grid.style.left = `${left}px`;
  grid.style.top = `${top}px`;
}
