import { MARK_END, MARK_START } from '@chat/platform';

const ASCII_ONLY = /^[\x00-\x7f]*$/;
const TAG_OR_ENTITY_START = /[<&]/g;

/**
 * What Postgres reads instead of a message body or a query. The embedded cluster runs with
 * locale C, where the text search parser lowercases ASCII only and would match `Привет` but
 * not `привет`; so the text is lowercased here (every code point whose lowercase has the same
 * length in UTF-16, which is all but a handful), and `<` and `&` become spaces so the parser
 * never takes a message's text for an HTML tag or entity and drops it (Elasticsearch's
 * `standard` analyzer splits words there too). The result has exactly the original's length,
 * position for position, which is what lets `restoreCase` map a headline back onto the original.
 */
export function foldForSearch(text: string): string {
  // Most bodies are ASCII, which lowercases letter by letter with no context (unlike a final Σ):
  // one native pass instead of a new string per character.
  if (ASCII_ONLY.test(text)) return text.toLowerCase().replace(TAG_OR_ENTITY_START, ' ');
  let folded = '';
  for (const ch of text) {
    if (ch === '<' || ch === '&') folded += ' ';
    else {
      const lower = ch.toLowerCase();
      folded += lower.length === ch.length ? lower : ch;
    }
  }
  return folded;
}

/**
 * ts_headline ran over the folded body: its excerpt is a stretch of the folded text with match
 * markers around words. This puts the original characters of that stretch back (case, `<`, `&`),
 * keeping the markers; when the stretch cannot be found (the body itself contained marker
 * characters), the folded excerpt is answered as it is.
 */
export function restoreCase(headline: string, original: string): string {
  const plain = headline.replaceAll(MARK_START, '').replaceAll(MARK_END, '');
  const start = foldForSearch(original).indexOf(plain);
  if (start < 0) return headline;
  let restored = '';
  let at = start;
  for (let i = 0; i < headline.length; i++) {
    const unit = headline[i];
    restored += unit === MARK_START || unit === MARK_END ? unit : original[at++];
  }
  return restored;
}
