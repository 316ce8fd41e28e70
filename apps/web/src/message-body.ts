import { parseMarkup, type MarkupNode } from '@chat/domain';
import { linkedConversation } from './conversation-link';
import { h } from './dom';
import { mentionSegments, type NamedMember } from './mention-text';

const EMPHASIS_TAGS = { strong: 'strong', em: 'em', strike: 's' } as const;

/**
 * A message's body drawn with its formatting (@chat/domain message-markup.ts): every piece goes in as text
 * nodes, never parsed as HTML; links open in a new tab and tell the site nothing of this page,
 * but a link to a message of this chat opens it in place.
 * The "@Display Name" of each member it mentions is marked (mine differently). A name written
 * differently from the member's display name now (renamed since, or not a member any more) stays
 * plain text; the message still mentions them.
 */
export function drawMessageBody(body: HTMLElement, text: string, named: readonly NamedMember[], meId: string): void {
  const nodes = parseMarkup(text, (plain) => mentionSegments(plain, named));
  // A code block is a box of its own: the line break typed after its closing fence would add an empty line below it.
  const drawnNodes = nodes.map((node, i) => (node.kind === 'text' && nodes[i - 1]?.kind === 'code-block' ? { ...node, text: node.text.replace(/^\n/, '') } : node));
  body.replaceChildren(...drawnNodes.map((node) => drawn(node, meId)));
}

function drawn(node: MarkupNode, meId: string): Node {
  switch (node.kind) {
    case 'text':
      return document.createTextNode(node.text);
    case 'mention':
      return h('span', { class: node.userId === meId ? 'mention mention-me' : 'mention', 'data-user-id': node.userId }, node.text);
    case 'link':
      // A link to a message of this chat opens it here (conversation-link.ts); any other in a new tab.
      return h('a', opensHere(node.href) ? { href: node.href } : { href: node.href, target: '_blank', rel: 'noopener noreferrer nofollow' }, node.text);
    case 'code':
      return h('code', {}, node.text);
    case 'code-block':
      return h('code', { class: 'code-block' }, node.text);
    default:
      return h(EMPHASIS_TAGS[node.kind], {}, ...node.children.map((child) => drawn(child, meId)));
  }
}

function opensHere(href: string): boolean {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return false; // an address the browser cannot read (https://[…) opens nothing here
  }
  return url.origin === location.origin && url.pathname === location.pathname && linkedConversation(url.hash) !== null;
}
