/**
 * Both search adapters ask their engine to wrap matched words in these two private-use
 * characters rather than in markup, then turn the result into the contract's highlight with
 * `markedToHtml`: the text is HTML-escaped there, so a body like `<img onerror=…>` can never
 * come out as markup, and only `<mark>` / `</mark>` are added.
 */
export const MARK_START = '\uE000';
export const MARK_END = '\uE001';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Escapes the text and turns the markers into balanced `<mark>` elements. A marker character
 * typed into a message itself can at worst mark some words: an unmatched end is dropped, an
 * open mark is closed at the end, so the output is always well-formed.
 */
export function markedToHtml(marked: string): string {
  let html = '';
  let open = false;
  for (const ch of marked) {
    if (ch === MARK_START) {
      if (!open) html += '<mark>';
      open = true;
    } else if (ch === MARK_END) {
      if (open) html += '</mark>';
      open = false;
    } else {
      html += ESCAPES[ch] ?? ch;
    }
  }
  return open ? `${html}</mark>` : html;
}
