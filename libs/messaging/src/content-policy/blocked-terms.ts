/**
 * The words and phrases a message body may not contain (CONTENT_BLOCKED_TERMS), matched as whole
 * words, so a term inside a longer word ("class" in "classic") is not a match. Text and terms are
 * compared in their plainest form: compatibility forms folded (full-width letters, ligatures),
 * lower case, accents dropped, and anything but letters and digits a word break, so "B.A.D" is
 * "b a d" and "Bàd" is "bad". A single word ending in `*` matches every word it starts
 * ("idiot*": "idiots", "idiotic").
 */
export class BlockedTerms {
  /** Phrases (and single words) by their first word, each as its words. */
  private readonly phrases = new Map<string, { term: string; words: string[] }[]>();
  private readonly prefixes: { term: string; prefix: string }[] = [];

  constructor(terms: readonly string[]) {
    for (const term of terms) {
      const termWords = wordsOf(term.endsWith('*') ? term.slice(0, -1) : term);
      if (termWords.length === 0) continue;
      if (term.endsWith('*') && termWords.length === 1) this.prefixes.push({ term, prefix: termWords[0] });
      else this.phrases.set(termWords[0], [...(this.phrases.get(termWords[0]) ?? []), { term, words: termWords }]);
    }
  }

  get isEmpty(): boolean {
    return this.phrases.size === 0 && this.prefixes.length === 0;
  }

  /** The first term `text` contains, as the operator wrote it; null when none. */
  find(text: string): string | null {
    if (this.isEmpty) return null;
    const words = wordsOf(text);
    for (let at = 0; at < words.length; at++) {
      for (const { term, words: phrase } of this.phrases.get(words[at]) ?? []) {
        if (phrase.every((word, i) => words[at + i] === word)) return term;
      }
      for (const { term, prefix } of this.prefixes) if (words[at].startsWith(prefix)) return term;
    }
    return null;
  }
}

function wordsOf(text: string): string[] {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}
