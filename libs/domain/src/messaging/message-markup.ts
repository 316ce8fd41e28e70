/**
 * The formatting a message body may carry. The server stores bodies as they are (they may be
 * ciphertext): formatting is how clients read the text (the web client draws it), and how the
 * notifications' previews drop its marks. A small, predictable subset of what people type in chats:
 * - ```code block``` (may span lines; nothing inside is formatted) and `inline code`;
 * - **bold**, *italic* or _italic_, ~~struck~~, nested as written;
 * - http(s) addresses, linked;
 * - mentions, as the caller's `mentionsIn` finds them (the web client's rules: its mention-text.ts).
 * What does not pair up stays as typed: a lone "*" or "_" is text, and "_" or "*" inside a word
 * (snake_case, 2*3*4) marks nothing.
 */
export type MarkupNode =
  | { kind: 'text'; text: string }
  | { kind: 'mention'; text: string; userId: string }
  | { kind: 'link'; text: string; href: string }
  | { kind: 'code'; text: string }
  | { kind: 'code-block'; text: string }
  | { kind: 'strong' | 'em' | 'strike'; children: MarkupNode[] };

/** A piece of text as `mentionsIn` cuts it: plain, or a mention of `userId`. */
export interface MentionSegment {
  text: string;
  userId?: string;
}

/** Finds no mentions: the text as one plain piece. */
const NO_MENTIONS = (text: string): MentionSegment[] => [{ text }];

type Delimiter = '**' | '~~' | '*' | '_';

/** What emphasis wraps each delimiter's pair in. */
const WRAPS: Record<Delimiter, 'strong' | 'strike' | 'em'> = { '**': 'strong', '~~': 'strike', '*': 'em', _: 'em' };
/** Longest first, so "**" is not read as two "*". */
const DELIMITER = /\*\*|~~|\*|_/g;
const CODE_BLOCK = /```([\s\S]+?)```/g;
/** Inline code and addresses: kept whole, before emphasis is looked for around them. */
const ATOM = /`([^`\n]+)`|https?:\/\/[^\s<>"`]+/g;
/** End an address when they are the last thing before a space: a sentence's punctuation, not the link's. */
const TRAILING_PUNCTUATION = new Set('.,;:!?\'"]*~_');
const WORD_CHAR = /[\p{L}\p{N}]/u;

/** One piece of a line as the emphasis pass sees it: settled nodes, or a delimiter that may pair. */
type Piece = { node: MarkupNode } | { delimiter: Delimiter; canOpen: boolean; canClose: boolean };

export function parseMarkup(text: string, mentionsIn: (text: string) => MentionSegment[] = NO_MENTIONS): MarkupNode[] {
  const nodes: MarkupNode[] = [];
  let from = 0;
  for (const block of text.matchAll(CODE_BLOCK)) {
    nodes.push(...inline(text.slice(from, block.index), mentionsIn));
    // The newline after the opening fence and before the closing one belong to the fences.
    nodes.push({ kind: 'code-block', text: block[1]!.replace(/^\n/, '').replace(/\n$/, '') });
    from = block.index! + block[0].length;
  }
  nodes.push(...inline(text.slice(from), mentionsIn));
  return nodes;
}

/** The body as plain text, without the marks (for previews: the list's last message, a quoted reply, a notification). */
export function plainTextOf(text: string): string {
  const flatten = (nodes: MarkupNode[]): string => nodes.map((n) => ('children' in n ? flatten(n.children) : n.text)).join('');
  return flatten(parseMarkup(text));
}

function inline(text: string, mentionsIn: (text: string) => MentionSegment[]): MarkupNode[] {
  const pieces: Piece[] = [];
  let from = 0;
  for (const atom of text.matchAll(ATOM)) {
    const at = atom.index!;
    if (at < from) continue;
    pieces.push(...plainPieces(text, from, at, mentionsIn));
    if (atom[1] !== undefined) {
      pieces.push({ node: { kind: 'code', text: atom[1] } });
      from = at + atom[0].length;
    } else {
      const href = trimAddress(atom[0]);
      pieces.push({ node: { kind: 'link', text: href, href } });
      from = at + href.length;
    }
  }
  pieces.push(...plainPieces(text, from, text.length, mentionsIn));
  return merged(pair(pieces));
}

/** `text[from, to)` as mentions, plain text and the delimiters in it, each marked with whether it may open or close. */
function plainPieces(text: string, from: number, to: number, mentionsIn: (text: string) => MentionSegment[]): Piece[] {
  const pieces: Piece[] = [];
  let offset = from;
  for (const segment of mentionsIn(text.slice(from, to))) {
    if (segment.userId) pieces.push({ node: { kind: 'mention', text: segment.text, userId: segment.userId } });
    else pieces.push(...delimited(text, offset, offset + segment.text.length));
    offset += segment.text.length;
  }
  return pieces;
}

function delimited(text: string, from: number, to: number): Piece[] {
  const pieces: Piece[] = [];
  let plainFrom = from;
  const part = text.slice(from, to);
  for (const match of part.matchAll(DELIMITER)) {
    const at = from + match.index!;
    const delimiter = match[0] as Delimiter;
    // Judged by the whole body's characters, so a mention or link right beside a mark counts.
    const before = at > 0 ? text[at - 1]! : ' ';
    const after = text[at + delimiter.length] ?? ' ';
    const inWord = (c: string) => delimiter.length === 1 && WORD_CHAR.test(c);
    if (at > plainFrom) pieces.push({ node: { kind: 'text', text: text.slice(plainFrom, at) } });
    pieces.push({ delimiter, canOpen: !/\s/.test(after) && !inWord(before), canClose: !/\s/.test(before) && !inWord(after) });
    plainFrom = at + delimiter.length;
  }
  if (to > plainFrom) pieces.push({ node: { kind: 'text', text: text.slice(plainFrom, to) } });
  return pieces;
}

/**
 * Pairs each closing delimiter with the nearest open one of its kind before it, wrapping what lies
 * between (non-empty); delimiters left open inside a pair, or never paired, are text again.
 */
function pair(pieces: Piece[]): MarkupNode[] {
  const out: Piece[] = [];
  for (const piece of pieces) {
    if ('node' in piece) {
      out.push(piece);
      continue;
    }
    const opener = piece.canClose ? findOpener(out, piece.delimiter) : -1;
    if (opener !== -1 && opener < out.length - 1) {
      const inner = out.splice(opener).slice(1);
      out.push({ node: { kind: WRAPS[piece.delimiter], children: merged(inner.map(asNode)) } });
    } else if (piece.canOpen) out.push(piece);
    else out.push({ node: { kind: 'text', text: piece.delimiter } });
  }
  return out.map(asNode);
}

function findOpener(pieces: Piece[], delimiter: Delimiter): number {
  for (let i = pieces.length - 1; i >= 0; i--) {
    const piece = pieces[i]!;
    if ('delimiter' in piece && piece.delimiter === delimiter && piece.canOpen) return i;
  }
  return -1;
}

function asNode(piece: Piece): MarkupNode {
  return 'node' in piece ? piece.node : { kind: 'text', text: piece.delimiter };
}

/** Adjacent text nodes as one. */
function merged(nodes: MarkupNode[]): MarkupNode[] {
  const out: MarkupNode[] = [];
  for (const node of nodes) {
    const last = out[out.length - 1];
    if (node.kind === 'text' && last?.kind === 'text') out[out.length - 1] = { kind: 'text', text: last.text + node.text };
    else out.push(node);
  }
  return out;
}

/** An address without the punctuation that ends its sentence, and without a ")" it does not open. */
function trimAddress(address: string): string {
  // One walk back from the end, counting brackets once: re-reading the address at each ")" took a
  // 4,000-character body of dots and brackets seconds (cubic), on the server's notification path too.
  const opened = count(address, '(');
  let closed = count(address, ')');
  let end = address.length;
  for (;;) {
    while (end > 0 && TRAILING_PUNCTUATION.has(address[end - 1]!)) end--;
    if (end === 0 || address[end - 1] !== ')' || opened >= closed) return address.slice(0, end);
    end--;
    closed--;
  }
}

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}
