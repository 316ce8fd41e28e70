import type { ConversationMember } from '@chat/contracts';

/**
 * How this client writes mentions into a body and finds them again. The server never reads the
 * body (it may be ciphertext): a message names members by id (`mentions`), and the client writes
 * each as "@Display Name", so these rules are the web client's alone.
 */

/** A member who can be mentioned: the list offers them by name or username. */
export type Mentionable = Pick<ConversationMember, 'userId' | 'username' | 'displayName'>;

/** A member as a body names them: `name` is the display name written after "@". */
export interface NamedMember {
  userId: string;
  name: string;
}

/** "@partial" being typed: where its "@" is and the letters after it. */
export interface MentionQuery {
  start: number;
  query: string;
}

/** One piece of a body: plain text, or "@Display Name" of a mentioned member (`userId`). */
export interface BodySegment {
  text: string;
  userId?: string;
}

/** Letters, digits and "_": a name that goes on with one of these is someone else's ("@Bo" is not in "@Bob"). */
const WORD_CHAR = /[\p{L}\p{N}_]/u;
/** "@" at the start or after whitespace, then what is typed so far, up to the caret (no space: a finished name ends the query). */
const QUERY_BEFORE_CARET = /(?:^|\s)@([^\s@]+)$/u;

/** The "@partial" that ends at the caret, or null when the caret is not right after one. */
export function mentionQueryAt(text: string, caret: number): MentionQuery | null {
  const match = QUERY_BEFORE_CARET.exec(text.slice(0, caret));
  if (!match) return null;
  const query = match[1]!;
  return { start: caret - query.length - 1, query };
}

/**
 * Members whose display name or username fits what was typed, best first: one that starts with it,
 * then one with a word of the display name starting with it, then one containing it; alphabetical
 * within each. Case and accents do not matter ("jose" finds José).
 */
export function membersMatching(members: readonly Mentionable[], query: string, limit: number): Mentionable[] {
  const q = fold(query);
  const rank = (m: Mentionable): number => {
    const [name, username] = [fold(m.displayName), fold(m.username)];
    if (name.startsWith(q) || username.startsWith(q)) return 0;
    if (name.split(/\s+/).some((word) => word.startsWith(q))) return 1;
    return name.includes(q) || username.includes(q) ? 2 : -1;
  };
  return members
    .map((member) => ({ member, rank: rank(member) }))
    .filter((m) => m.rank >= 0)
    .sort((a, b) => a.rank - b.rank || a.member.displayName.localeCompare(b.member.displayName))
    .slice(0, limit)
    .map((m) => m.member);
}

/** The ids of the members whose "@Display Name" is still in `text`, each once, in the order they first appear. */
export function mentionedIn(text: string, named: readonly NamedMember[]): string[] {
  const ids = mentionSegments(text, named).flatMap((s) => (s.userId ? [s.userId] : []));
  return [...new Set(ids)];
}

/**
 * `text` cut into plain text and the "@Display Name" of each of `named`: the "@" at the start or
 * after a character that is not a letter or digit, the name written exactly, and not going on
 * into a longer word. Where two names fit, the longer one wins ("@Ann Lee" over "@Ann").
 */
export function mentionSegments(text: string, named: readonly NamedMember[]): BodySegment[] {
  const longestFirst = named.filter((m) => m.name !== '').sort((a, b) => b.name.length - a.name.length);
  const segments: BodySegment[] = [];
  let plainFrom = 0;
  for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', at + 1)) {
    if (at > 0 && WORD_CHAR.test(lastChar(text.slice(0, at)))) continue;
    const nameStart = at + 1;
    const member = longestFirst.find((m) => text.startsWith(m.name, nameStart) && !WORD_CHAR.test(firstChar(text.slice(nameStart + m.name.length))));
    if (!member) continue;
    const end = nameStart + member.name.length;
    if (at > plainFrom) segments.push({ text: text.slice(plainFrom, at) });
    segments.push({ text: text.slice(at, end), userId: member.userId });
    plainFrom = end;
    at = end - 1;
  }
  if (plainFrom < text.length) segments.push({ text: text.slice(plainFrom) });
  return segments;
}

/** For comparing names as people type them: lower case, accents dropped. */
function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase();
}

/** Whole characters, so a letter outside the Basic Multilingual Plane is not taken for two halves. */
function firstChar(text: string): string {
  return String.fromCodePoint(text.codePointAt(0) ?? 32);
}

function lastChar(text: string): string {
  return Array.from(text.slice(-2)).pop() ?? ' ';
}
