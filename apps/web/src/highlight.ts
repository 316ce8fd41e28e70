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

/** The segments as DOM: text nodes, and `<mark>` elements around the matched words. */
export function highlightNodes(html: string): Node[] {
  return highlightSegments(html).map((s) => (s.marked ? h('mark', {}, s.text) : document.createTextNode(s.text)));
}
