import { clear, h } from './dom';
import { initials } from './format';

/**
 * Draws a person's avatar into `node` (an `.avatar` element, coloured by their id): their picture
 * when the main service gave one (`avatarUrl`, an http(s) URL), its alt text their name; their
 * initials otherwise, and also when the picture does not load (gone, or refused by the page's
 * Content-Security-Policy). Drawing again with the same picture keeps the loaded image.
 */
export function drawAvatar(node: HTMLElement, name: string, avatarUrl: string | null): void {
  const shown = node.querySelector('img');
  if (avatarUrl && shown?.getAttribute('src') === avatarUrl) {
    shown.alt = name;
    return;
  }
  showInitials(node, name);
  if (!avatarUrl) return;
  const picture = h('img', { src: avatarUrl, alt: name, referrerpolicy: 'no-referrer', loading: 'lazy', decoding: 'async' });
  picture.addEventListener('error', () => {
    if (picture.isConnected) showInitials(node, name);
  });
  node.replaceChildren(picture);
  node.classList.add('has-picture');
}

function showInitials(node: HTMLElement, name: string): void {
  clear(node);
  node.classList.remove('has-picture');
  node.textContent = initials(name);
}
