import type { Conversation, ConversationDetailsResponse, ConversationSummary, Message, User } from '@chat/contracts';
import type { RealtimeClient } from '@chat/sdk';
import type { SessionApi } from './session-api';
import { t } from './i18n/active-locale';
import { addressesMe } from './addressed-to-me';
import { isNotMine } from './error-text';

/** Names in an unnamed group's title before the rest are counted. */
const TITLE_NAMES = 3;
/** `sync` pages a subscription fetches at most for messages its list did not count. */
const MAX_MISSED_PAGES = 5;

/** A conversation I had that a list refresh did not name: `lost` once the server says it is not mine; `details` when it answered that it is. */
interface Unlisted {
  id: string;
  lost: boolean;
  details?: ConversationDetailsResponse;
}

/** A member as far as the sidebar needs them: their name for titles, their picture for a direct conversation's entry. */
export interface KnownMember {
  userId: string;
  displayName: string;
  /** Undefined where the source did not say (then: no picture, initials). */
  avatarUrl?: string | null;
}

/**
 * My conversations as the sidebar shows them: loaded from GET /v1/conversations, then kept
 * current by live frames (new messages bump unread counts, the "@" count too when they address
 * me, and order; membership changes add or drop entries). It holds state only; views subscribe
 * through `onChange`. A conversation a refresh no longer lists, and the server then refuses, was lost
 * while no frame of it reached this page: it goes through `onLost`, like one whose frame did (ChatApp.lose).
 */
export class ConversationDirectory {
  private items: ConversationSummary[] = [];
  /** Titles of unnamed directs and groups, made from member names (one details fetch each). */
  private readonly derivedTitles = new Map<string, string>();
  /** The members those titles (and a direct conversation's picture) were made from, so a renamed or re-pictured person's entries are made again. */
  private readonly titleMembers = new Map<string, KnownMember[]>();
  private activeId: string | null = null;
  /** Highest seq already counted per conversation, so a frame seen twice never counts twice. */
  private readonly countedSeq = new Map<string, number>();
  /** For each refresh in flight, the conversations added or removed here meanwhile: its answer may predate that. */
  private readonly changedDuringRefresh = new Set<Set<string>>();
  /** Live frames of a conversation being subscribed to (`subscribe`), counted after what it fetches; by the subscriptions running. */
  private readonly heldBack = new Map<string, { frames: Message[]; subscriptions: number }>();

  constructor(
    private readonly api: SessionApi,
    private readonly me: User,
    private readonly onChange: () => void,
    /** Called while the entry is still listed; the callee removes it (`remove`), or the refresh drops it unseen. */
    private readonly onLost: (conversationId: string) => void,
    /** Whether the page is in view: the open conversation's messages count as unread while it is not, till my read pointer passes them. */
    private readonly pageVisible: () => boolean,
  ) {}

  list(): readonly ConversationSummary[] {
    return this.items;
  }

  get(id: string): ConversationSummary | undefined {
    return this.items.find((c) => c.id === id);
  }

  get active(): string | null {
    return this.activeId;
  }

  async refresh(): Promise<void> {
    // Only those listed before asking and left alone meanwhile: one added here meanwhile (just made,
    // or left and joined again) may be newer than the answer.
    const before = this.items.map((c) => c.id);
    const changed = new Set<string>();
    this.changedDuringRefresh.add(changed);
    const { conversations, unlisted } = await this.readList(before).finally(() => this.changedDuringRefresh.delete(changed));
    const listed = new Set(conversations.map((c) => c.id));
    for (const { id, lost } of unlisted) if (lost && !changed.has(id) && this.get(id)) this.onLost(id);
    for (const { id, details } of unlisted) if (details && !changed.has(id)) this.refreshUnlisted(details);
    const kept = new Set(unlisted.filter((u) => !u.lost).map((u) => u.id));
    // What changed here meanwhile is newer than the answer: kept as it is here, added or gone; so is one unlisted but not lost.
    const addedMeanwhile = this.items.filter((c) => (changed.has(c.id) || kept.has(c.id)) && !listed.has(c.id));
    const answered = conversations.filter((c) => !changed.has(c.id) || this.get(c.id));
    // The open one is being read: its pointer may not have reached the server yet (reads are paced), so it stays read here.
    this.items = [...answered.map((c) => (c.id === this.activeId ? { ...c, unreadCount: 0, unreadMentionCount: 0 } : c)), ...addedMeanwhile];
    for (const c of conversations) this.countedSeq.set(c.id, Math.max(this.countedSeq.get(c.id) ?? 0, c.lastSeq));
    // The list names a direct conversation's other person, with their picture: no details fetch for its title.
    for (const c of conversations) if (c.partner) this.remember(c.id, [c.partner]);
    this.sort();
    this.onChange();
    void this.deriveMissingTitles();
  }

  /**
   * The list, and what the server says of each of `before` missing from it. The list is paged by
   * last activity: one that became active while the pages were read moved above the pages already
   * read, and is on none. So a missing one is lost only once the server refuses it (or no longer
   * counts me among its members); a failed request confirms nothing.
   */
  private async readList(before: readonly string[]): Promise<{ conversations: ConversationSummary[]; unlisted: Unlisted[] }> {
    const conversations = await this.api.allConversations();
    const listed = new Set(conversations.map((c) => c.id));
    return { conversations, unlisted: await Promise.all(before.filter((id) => !listed.has(id)).map((id) => this.askAbout(id))) };
  }

  /** Of these conversations, missing from the list, those the server says are no longer mine (see readList). */
  async lostAmong(ids: readonly string[]): Promise<string[]> {
    return (await Promise.all(ids.map((id) => this.askAbout(id)))).filter((u) => u.lost).map((u) => u.id);
  }

  private async askAbout(id: string): Promise<Unlisted> {
    try {
      const details = await this.api.getConversation(id);
      const mine = details.members.some((m) => m.userId === this.me.id);
      return mine ? { id, lost: false, details } : { id, lost: true };
    } catch (err) {
      return { id, lost: isNotMine(err) };
    }
  }

  /** An entry kept though the list missed it takes the server's answer (its name, its members for the title); its unread counts stay. */
  private refreshUnlisted({ conversation, members }: ConversationDetailsResponse): void {
    const entry = this.get(conversation.id);
    if (!entry) return;
    Object.assign(entry, conversation);
    this.remember(conversation.id, members);
  }

  /**
   * Subscribes to live frames of every conversation, for unread counts (after each connect). What
   * arrived while this device was away reached it with the list: its senders learn so (✓✓) for the
   * conversations with something unread (the rest is read, which counts as delivered already).
   */
  async subscribeAll(client: RealtimeClient): Promise<void> {
    await Promise.allSettled(this.items.map((c) => this.subscribe(client, c.id)));
  }

  /**
   * Subscribes to one conversation's live frames. A message sent after the list was read (or newer
   * than the list's read model) but fanned out before the socket joined reached neither: the join's
   * answer says how far the conversation goes, and what the list did not count is fetched (`sync`)
   * and counted. Live frames meanwhile wait, so that all are counted in seq order, each once.
   */
  async subscribe(client: RealtimeClient, conversationId: string): Promise<void> {
    const countedBefore = this.countedSeq.get(conversationId) ?? 0;
    const held = this.heldBack.get(conversationId) ?? { frames: [], subscriptions: 0 };
    held.subscriptions++;
    this.heldBack.set(conversationId, held);
    const missed = await this.joinAndFetchMissed(client, conversationId, countedBefore).catch(() => []);
    // Two at once (a reconnect while one runs): the frames wait for the last.
    const last = --held.subscriptions === 0;
    if (last) this.heldBack.delete(conversationId);
    this.count([...missed, ...(last ? held.frames : [])].sort((a, b) => a.seq - b.seq));
    const entry = this.get(conversationId);
    if (entry && entry.unreadCount > 0) client.noteDelivered(conversationId, entry.lastSeq);
  }

  private async joinAndFetchMissed(client: RealtimeClient, conversationId: string, afterSeq: number): Promise<Message[]> {
    const { lastSeq } = await client.request('conversation.join', { conversationId });
    const missed: Message[] = [];
    // Up to the present, not just the join's lastSeq (read before the join took hold); bounded, a gap beyond it waits for the next list.
    for (let page = 0, after = afterSeq, more = lastSeq > afterSeq; more && page < MAX_MISSED_PAGES; page++) {
      const { messages, hasMore } = await client.request('sync', { conversationId, afterSeq: after });
      missed.push(...messages);
      after = messages.at(-1)?.seq ?? after;
      more = hasMore;
    }
    return missed;
  }

  titleOf(conversation: Pick<Conversation, 'id' | 'type' | 'name'>): string {
    if (conversation.name) return conversation.name;
    return this.derivedTitles.get(conversation.id) ?? t(conversation.type === 'direct' ? 'type.direct' : 'type.group');
  }

  /**
   * The person a direct conversation's entry shows (the other member, with their picture or null
   * for initials), once known from the list or the members; null for the other types.
   */
  partnerOf(conversation: Pick<Conversation, 'id' | 'type'>): { userId: string; displayName: string; avatarUrl: string | null } | null {
    if (conversation.type !== 'direct') return null;
    const other = this.titleMembers.get(conversation.id)?.find((m) => m.userId !== this.me.id);
    return other ? { userId: other.userId, displayName: other.displayName, avatarUrl: other.avatarUrl ?? null } : null;
  }

  /** Remembers names (and pictures) learnt elsewhere (the open conversation's members) for the title and a direct conversation's picture. */
  learnMembers(conversationId: string, members: readonly KnownMember[]): void {
    if (this.remember(conversationId, members)) this.onChange();
  }

  /** A `user.updated` frame: every title made from that person's name, and their picture, take the new ones. */
  renameUser(userId: string, displayName: string, avatarUrl: string | null): void {
    for (const [conversationId, members] of Array.from(this.titleMembers)) {
      if (members.some((m) => m.userId === userId)) this.learnMembers(conversationId, members.map((m) => (m.userId === userId ? { ...m, displayName, avatarUrl } : m)));
    }
  }

  /** learnMembers without telling the views; whether the title or the direct partner's picture changed. */
  private remember(conversationId: string, members: readonly KnownMember[]): boolean {
    const partnerPicture = (list: readonly KnownMember[] | undefined) => list?.find((m) => m.userId !== this.me.id)?.avatarUrl ?? null;
    const pictureBefore = partnerPicture(this.titleMembers.get(conversationId));
    this.titleMembers.set(conversationId, members.map(({ userId, displayName, avatarUrl }) => ({ userId, displayName, avatarUrl: avatarUrl ?? null })));
    const others = members.filter((m) => m.userId !== this.me.id).map((m) => m.displayName);
    // The other person for a direct conversation, the first three participants for a group.
    const shown = others.slice(0, TITLE_NAMES);
    const title = others.length === 0 ? t('list.justYou') : others.length > TITLE_NAMES ? t('list.namesAndMore', { names: shown.join(', '), count: others.length - TITLE_NAMES }) : shown.join(', ');
    if (this.derivedTitles.get(conversationId) === title && partnerPicture(members) === pictureBefore) return false;
    this.derivedTitles.set(conversationId, title);
    return true;
  }

  upsert(conversation: Conversation): void {
    this.noteChangedHere(conversation.id);
    const existing = this.get(conversation.id);
    if (existing) Object.assign(existing, conversation);
    else {
      this.items.unshift({ ...conversation, lastMessage: null, unreadCount: 0, unreadMentionCount: 0, lastReadSeq: conversation.lastSeq, muted: false, favourite: false });
      this.countedSeq.set(conversation.id, Math.max(this.countedSeq.get(conversation.id) ?? 0, conversation.lastSeq));
    }
    this.sort();
    this.onChange();
  }

  remove(id: string): ConversationSummary | undefined {
    this.noteChangedHere(id);
    const gone = this.get(id);
    if (!gone) return undefined;
    this.items = this.items.filter((c) => c.id !== id);
    if (this.activeId === id) this.activeId = null;
    this.onChange();
    return gone;
  }

  setActive(id: string | null): void {
    this.activeId = id;
    const entry = id ? this.get(id) : undefined;
    if (entry) markRead(entry);
    this.onChange();
  }

  /** A message frame of any conversation; each seq counts once however often it arrives. */
  noteMessage(message: Message): void {
    const held = this.heldBack.get(message.conversationId);
    if (held) held.frames.push(message);
    else this.count([message]);
  }

  /** Counts messages (in seq order) not counted before; the views hear once. */
  private count(messages: readonly Message[]): void {
    let changed = false;
    for (const message of messages) {
      const entry = this.get(message.conversationId);
      if (!entry || message.seq <= (this.countedSeq.get(entry.id) ?? 0)) continue;
      this.countedSeq.set(entry.id, message.seq);
      entry.lastMessage = message;
      entry.lastSeq = Math.max(entry.lastSeq, message.seq);
      if (message.senderId !== this.me.id && (entry.id !== this.activeId || !this.pageVisible())) {
        entry.unreadCount += 1;
        if (addressesMe(message, this.me.id)) entry.unreadMentionCount += 1;
      }
      changed = true;
    }
    if (!changed) return;
    this.sort();
    this.onChange();
  }

  /** My read pointer moved (in another tab or on another device): read up to the last message clears the counts here too. */
  noteMyRead(conversationId: string, seq: number): void {
    const entry = this.get(conversationId);
    if (!entry || seq < entry.lastSeq || entry.unreadCount === 0) return;
    markRead(entry);
    this.onChange();
  }

  /** My star changed, in this tab or another, or on another device (a `favourite.updated` frame). */
  setFavourite(conversationId: string, favourite: boolean): void {
    const entry = this.get(conversationId);
    if (!entry || entry.favourite === favourite) return;
    entry.favourite = favourite;
    this.onChange();
  }

  /** I muted or unmuted it, in this tab or another, or on another device (a `mute.updated` frame): the tab's unread count follows. */
  setMuted(conversationId: string, muted: boolean): void {
    const entry = this.get(conversationId);
    if (!entry || entry.muted === muted) return;
    entry.muted = muted;
    this.onChange();
  }

  /** An edit or a deletion: the sidebar preview follows when it is the conversation's last message. */
  noteChanged(conversationId: string, messageId: string, change: (last: Message) => Message): void {
    const entry = this.get(conversationId);
    if (entry?.lastMessage?.id !== messageId) return;
    entry.lastMessage = change(entry.lastMessage);
    this.onChange();
  }

  /**
   * Most recently active first, as GET /v1/conversations orders them: the last message's time,
   * else the creation. Not `updatedAt`, which a key rotation or a rename moves.
   */
  private sort(): void {
    const activity = (c: ConversationSummary) => Date.parse(c.lastMessage?.createdAt ?? c.createdAt) || 0;
    this.items.sort((a, b) => activity(b) - activity(a));
  }

  private noteChangedHere(id: string): void {
    for (const changed of this.changedDuringRefresh) changed.add(id);
  }

  private async deriveMissingTitles(): Promise<void> {
    const unnamed = this.items.filter((c) => !c.name && !this.derivedTitles.has(c.id));
    await Promise.allSettled(
      unnamed.map(async (c) => {
        const { members } = await this.api.getConversation(c.id);
        this.learnMembers(c.id, members);
      }),
    );
  }
}

/** Nothing in it is unread any more: the "@" count goes with the unread count. */
function markRead(entry: ConversationSummary): void {
  entry.unreadCount = 0;
  entry.unreadMentionCount = 0;
}
