import { clear, h } from './dom';
import { hueOf, initials } from './format';

/**
 * Draws a person's avatar into `node` (an `.avatar` element, coloured by their id): their picture
 * when the main service gave one (`avatarUrl`, an http(s) URL), its alt text their name; their
 * initials otherwise, and also when the picture does not load (gone, or refused by the page's
 * Content-Security-Policy). Drawing again with the same picture keeps the loaded image, and keeps
 * the initials of one that failed here (not asked for again on every redraw).
 */
export function drawAvatar(node: HTMLElement, name: string, avatarUrl: string | null): void {
  const shown = node.querySelector('img');
  if (avatarUrl && shown?.getAttribute('src') === avatarUrl) {
    shown.alt = name;
    return;
  }
  showInitials(node, name);
  if (!avatarUrl || node.dataset.failedPicture === avatarUrl) return;
  delete node.dataset.failedPicture;
  const picture = h('img', { src: avatarUrl, alt: name, referrerpolicy: 'no-referrer', loading: 'lazy', decoding: 'async' });
  picture.addEventListener('error', () => {
    // Only while it is still this node's picture (not replaced by a newer one meanwhile).
    if (picture.parentNode !== node) return;
    node.dataset.failedPicture = avatarUrl;
    showInitials(node, picture.alt);
  });
  node.replaceChildren(picture);
  node.classList.add('has-picture');
}

function showInitials(node: HTMLElement, name: string): void {
  clear(node);
  node.classList.remove('has-picture');
  node.textContent = initials(name);
}

/**
 * The avatar of the person `userId` (their colour) named `name`, drawn now: into `node` when given
 * (one drawn before), else into a new `.avatar`. On its own for the rows of a list drawn once per
 * load (a page of the inbox, a log, a report queue); a list drawn again and again keeps its nodes
 * with AvatarNodes.
 */
export function avatarNode(userId: string, name: string, avatarUrl: string | null, node: HTMLElement = h('span', { class: 'avatar', 'aria-hidden': 'true' })): HTMLElement {
  node.style.setProperty('--hue', String(hueOf(userId)));
  drawAvatar(node, name, avatarUrl);
  return node;
}

/**
 * The avatars of a list that is drawn again and again (the sidebar, a member list), one node per
 * key kept across renders: a loaded picture stays on screen instead of loading anew, and a failed
 * one is not asked for again, each time the list changes.
 */
export class AvatarNodes {
  private nodes = new Map<string, HTMLElement>();
  private drawn = new Map<string, HTMLElement>();

  /** The avatar of `key` (e.g. a conversation id) showing the person `userId` (their colour), drawn now. */
  draw(key: string, userId: string, name: string, avatarUrl: string | null): HTMLElement {
    const node = avatarNode(userId, name, avatarUrl, this.nodes.get(key));
    this.drawn.set(key, node);
    return node;
  }

  /** Called after a whole render: keys not drawn in it are forgotten. */
  settle(): void {
    this.nodes = this.drawn;
    this.drawn = new Map();
  }
}
