import { plainTextOf } from '@chat/domain';
import { h } from './dom';

export interface HighlightSegment {
  text: string;
  marked: boolean;
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

/**
 * A search hit's `highlight` (escaped HTML whose only markup is `<mark>`) as plain segments, so
 * it can be drawn with text nodes and `<mark>` elements: the client still never parses server
 * text as HTML. Anything else that looks like markup stays literal text.
 */
export function highlightSegments(html: string): HighlightSegment[] {
  const segments: HighlightSegment[] = [];
  let marked = false;
  for (const part of html.split(/(<mark>|<\/mark>)/)) {
    if (part === '<mark>') marked = true;
    else if (part === '</mark>') marked = false;
    else if (part) segments.push({ text: part.replace(/&(amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity]), marked });
  }
  return segments;
}

/** Characters of context shown before the first match when the body is cut. */
const LEAD = 40;
const WORD_CHAR = /[\p{L}\p{N}]/u;

/**
 * What a search hit shows: the body's words without its formatting marks (`**`, `_`, `` ` ``),
 * the words the server marked marked again in them. The server's excerpt cannot simply lose its
 * marks: cut from the body, it may hold one "**" of a pair. So the body is read whole
 * (`plainTextOf`), each word the server marked is found in it (as a whole word, as written), and
 * about as much text as the excerpt held is shown from a little before the first one, "…" where
 * cut. A body where none is found (sealed, or matched in a way this cannot see) shows the excerpt.
 */
export function searchSnippet(highlight: string, body: string): HighlightSegment[] {
  const excerpt = highlightSegments(highlight);
  const terms = [...new Set(excerpt.filter((s) => s.marked).map((s) => s.text))];
  const plain = plainTextOf(body);
  const matches = terms.flatMap((term) => wholeWordsAt(plain, term)).sort((a, b) => a.from - b.from || b.to - a.to);
  if (matches.length === 0) return excerpt;
  const length = Math.max(excerpt.reduce((n, s) => n + s.text.length, 0), LEAD * 2);
  const start = plain.length <= length ? 0 : wordStartAtOrBefore(plain, Math.max(0, matches[0].from - LEAD));
  const end = Math.min(plain.length, Math.max(start + length, matches[0].to));
  const segments: HighlightSegment[] = [];
  const push = (text: string, marked: boolean) => text && segments.push({ text, marked });
  let at = start;
  for (const { from, to } of matches) {
    if (from < at || to > end) continue;
    push(plain.slice(at, from), false);
    push(plain.slice(from, to), true);
    at = to;
  }
  push(plain.slice(at, end), false);
  if (start > 0) segments.unshift({ text: '…', marked: false });
  if (end < plain.length) segments.push({ text: '…', marked: false });
  return segments;
}

/** Where `term` stands in `text` as a whole word (no letter or digit right before or after it). */
function wholeWordsAt(text: string, term: string): { from: number; to: number }[] {
  const found: { from: number; to: number }[] = [];
  for (let from = text.indexOf(term); term && from >= 0; from = text.indexOf(term, from + 1)) {
    const to = from + term.length;
    if (!WORD_CHAR.test(text[from - 1] ?? '') && !WORD_CHAR.test(text[to] ?? '')) found.push({ from, to });
  }
  return found;
}

/** The start of the word `at` falls in (or `at` itself, between words); a word longer than LEAD (an address) is cut. */
function wordStartAtOrBefore(text: string, at: number): number {
  const floor = Math.max(0, at - LEAD);
  let start = at;
  while (start > floor && !/\s/.test(text[start - 1]!)) start--;
  return start > floor || floor === 0 ? start : at;
}

/** Segments as DOM: text nodes, and `<mark>` elements around the matched words. */
export function segmentNodes(segments: readonly HighlightSegment[]): Node[] {
  return segments.map((s) => (s.marked ? h('mark', {}, s.text) : document.createTextNode(s.text)));
}
