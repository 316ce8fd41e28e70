import { h } from './dom';
import { t } from './i18n/active-locale';

/** Marks (or unmarks) a message's node as mentioning me, with "Mentions you" for screen readers beside its sender and time. */
export function markMentionsMe(node: HTMLElement, mentionsMe: boolean): void {
  node.classList.toggle('mentions-me', mentionsMe);
  const note = node.querySelector('.mentions-me-note');
  if (!mentionsMe) return void note?.remove();
  if (!note) node.querySelector('.meta time')!.after(h('span', { class: 'mentions-me-note visually-hidden' }, t('mention.mentionsYou')));
}
