import { h } from './dom';
import { mentionSegments, type NamedMember } from './mention-text';
import { t } from './i18n/active-locale';

/**
 * A message's body with the "@Display Name" of each member it mentions marked (a span, as text:
 * the body is never parsed as HTML), and a message that mentions me marked as a whole, with
 * "Mentions you" for screen readers beside its sender and time. A name written differently from
 * the member's display name now (renamed since, or not a member any more) stays plain text; the
 * message still mentions them.
 */
export function drawMentionedBody(body: HTMLElement, text: string, named: readonly NamedMember[], meId: string): void {
  if (named.length === 0) return void (body.textContent = text);
  body.replaceChildren(
    ...mentionSegments(text, named).map(({ text: part, userId }) =>
      userId ? h('span', { class: userId === meId ? 'mention mention-me' : 'mention', 'data-user-id': userId }, part) : document.createTextNode(part),
    ),
  );
}

/** Marks (or unmarks) a message's node as mentioning me. */
export function markMentionsMe(node: HTMLElement, mentionsMe: boolean): void {
  node.classList.toggle('mentions-me', mentionsMe);
  const note = node.querySelector('.mentions-me-note');
  if (!mentionsMe) return void note?.remove();
  if (!note) node.querySelector('.meta time')!.after(h('span', { class: 'mentions-me-note visually-hidden' }, t('mention.mentionsYou')));
}
