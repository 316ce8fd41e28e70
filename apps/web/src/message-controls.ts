import type { Message } from '@chat/contracts';
import { h } from './dom';
import type { EditOutcome } from './message-actions';
import { t } from './i18n/active-locale';
import { openReactionPicker, reactionLabel } from './reaction-picker';

/** The reactions offered on every message; any emoji others used shows beside them with its count. */
export const QUICK_REACTIONS = ['👍', '❤️', '😂', '🎉', '😮'] as const;

/** What a message's controls can do; the open conversation decides who may do what. */
export interface MessageControlActions {
  canEdit(message: Message): boolean;
  canDelete(message: Message): boolean;
  /** Reacting (adding, changing or taking back mine); when not, the counts still show, read-only. */
  canReact(message: Message): boolean;
  toggleReaction(message: Message, emoji: string): void;
  /** `version`: the one the edit applies to (see message-editor.ts). */
  save(message: Message, body: string, version: number): Promise<EditOutcome>;
  remove(message: Message): void;
  /** Reporting is for messages others wrote. */
  canReport(message: Message): boolean;
  report(message: Message): void;
  /** The composer answers this message (any shown message that is not deleted). */
  reply(message: Message): void;
  /** A reply's quote was chosen: show the message it answers (`seq`). */
  showQuoted(seq: number): void;
  /** Pinning (and unpinning) is for live messages, and in a channel for its owners and admins. */
  canPin(message: Message): boolean;
  isPinned(message: Message): boolean;
  /** Pins the message, or unpins it when it is pinned. */
  togglePin(message: Message): void;
  /** Copies a link that opens the conversation at this message (for its members). */
  copyLink(message: Message): void;
}

/**
 * The actions of one message (quick reactions and More reactions, Reply, Copy link, Pin or Unpin, Edit, Delete, Report), each only where `actions` allow it.
 * CSS shows them while the message is hovered or anything in it has focus, so they are reachable with Tab as well as the mouse.
 */
export function messageToolbar(message: Message, actions: MessageControlActions, startEdit: () => void): HTMLElement {
  // `control` names the button whatever the language (see focusedControl).
  const button = (control: string, label: string, text: string, run: () => void, extra = '') => {
    const node = h('button', { type: 'button', class: `button ghost small ${extra}`.trim(), 'aria-label': label, title: label, 'data-control': `toolbar ${control}` }, text);
    node.addEventListener('click', run);
    return node;
  };
  const pinned = actions.isPinned(message);
  return h(
    'div',
    { class: 'message-toolbar', role: 'group', 'aria-label': t('message.actions') },
    ...(actions.canReact(message) ? QUICK_REACTIONS : []).map((emoji) => {
      const mine = reactedByMe(message, emoji);
      return button(emoji, reactionLabel(emoji, mine), emoji, () => actions.toggleReaction(message, emoji), mine ? 'reacted' : '');
    }),
    actions.canReact(message) ? moreReactions(message, actions) : null,
    button('Reply', t('message.replyLabel'), t('message.reply'), () => actions.reply(message)),
    button('Link', t('message.copyLinkLabel'), t('message.copyLink'), () => actions.copyLink(message)),
    // Pin and Unpin are one control ('Pin'), so the focus stays on it when one turns into the other.
    actions.canPin(message) ? button('Pin', t(pinned ? 'message.unpinLabel' : 'message.pinLabel'), t(pinned ? 'message.unpin' : 'message.pin'), () => actions.togglePin(message)) : null,
    actions.canEdit(message) ? button('Edit', t('message.editLabel'), t('message.edit'), startEdit) : null,
    actions.canDelete(message) ? button('Delete', t('message.deleteLabel'), t('message.delete'), () => actions.remove(message), 'danger-text') : null,
    actions.canReport(message) ? button('Report', t('message.reportLabel'), t('message.report'), () => actions.report(message)) : null,
  );
}

/** "More reactions": the picker's choice toggles like a quick reaction (choosing one of mine takes it back). */
function moreReactions(message: Message, actions: MessageControlActions): HTMLElement {
  const node = h('button', { type: 'button', class: 'button ghost small', 'aria-label': t('message.moreReactions'), title: t('message.moreReactions'), 'aria-haspopup': 'dialog', 'data-control': 'toolbar More' }, '☺+');
  node.addEventListener('click', () => openReactionPicker(node, message.myReactions, (emoji) => actions.toggleReaction(message, emoji)));
  return node;
}

/** Whether one of my reactions (the server says which: Message.myReactions) is `emoji`. */
export function reactedByMe(message: Message, emoji: string): boolean {
  return message.myReactions.includes(emoji);
}

/**
 * Which control of a message has focus (`data-control`), so it can be focused again once the
 * controls are redrawn: a keyboard user who toggles a reaction keeps their place.
 */
export function focusedControl(node: HTMLElement): string | undefined {
  const active = document.activeElement;
  return active instanceof HTMLElement && node.contains(active) ? active.dataset.control : undefined;
}

/** Focuses the same control again; when it is gone (the message was deleted), the message itself, so focus is not dropped to the page. */
export function refocusControl(node: HTMLElement, control: string | undefined): void {
  if (!control) return;
  const again = Array.from(node.querySelectorAll<HTMLElement>('[data-control]')).find((n) => n.dataset.control === control);
  if (again) return again.focus();
  node.tabIndex = -1;
  node.focus();
}

/**
 * The counts under a message, each a toggle of my own reaction (pressed when I reacted); where I
 * may not react, the same counts as plain text. Null when there are none.
 */
export function reactionsRow(message: Message, actions: MessageControlActions): HTMLElement | null {
  const used = Object.entries(message.reactions).filter(([, count]) => count > 0);
  if (used.length === 0) return null;
  const canReact = actions.canReact(message);
  return h(
    'div',
    { class: 'reactions', role: 'group', 'aria-label': t('message.reactions') },
    ...used.map(([emoji, count]) => {
      const mine = reactedByMe(message, emoji);
      const label = t(mine ? 'message.reactionCountMine' : 'message.reactionCount', { emoji, count });
      const content = [h('span', { 'aria-hidden': 'true' }, emoji), h('span', { class: 'reaction-count', 'aria-hidden': 'true' }, String(count))];
      if (!canReact) return h('span', { class: mine ? 'reaction mine' : 'reaction', role: 'img', 'aria-label': label, 'data-emoji': emoji }, ...content);
      const chip = h('button', { type: 'button', class: 'reaction', 'aria-pressed': String(mine), 'aria-label': label, 'data-emoji': emoji, 'data-control': `reaction ${emoji}` }, ...content);
      chip.addEventListener('click', () => actions.toggleReaction(message, emoji));
      return chip;
    }),
  );
}
