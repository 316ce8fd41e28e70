import type { Conversation, ConversationMember, DeliveryPointer, Message, PresenceStatus, ReactionUpdatedFrame, User } from '@chat/contracts';
import { isModerator } from '@chat/domain';
import { ChatApiError, ConversationFeed, PointerReporter, followServerReceipts, type RealtimeClient } from '@chat/sdk';
import type { Composer } from './composer';
import type { ConversationDirectory } from './conversation-directory';
import { ConversationHeader } from './conversation-header';
import { ConversationPins } from './conversation-pins';
import { ModerationLogDialog } from './moderation-log-dialog';
import { AddPeopleDialog } from './add-people-dialog';
import { AttachmentLinks } from './attachment-links';
import { voiceMessageText } from './attachment-view';
import { EditConversationDialog } from './edit-conversation-dialog';
import { PeoplePicker } from './people-picker';
import { byId, debounce } from './dom';
import { HistoryPager } from './history-pager';
import { MembershipActions } from './membership-actions';
import { MessageActions } from './message-actions';
import type { MessageControlActions } from './message-controls';
import { MessageListView, type Seen } from './message-list-view';
import type { MessageOutbox, Outgoing } from './message-outbox';
import type { Notifier } from './notifier';
import { PinnedBar } from './pinned-bar';
import { ReadReceipts } from './read-receipts';
import { ReportDialog } from './report-dialog';
import { quoteOf, quoteText } from './reply-quote';
import { TypingIndicator } from './typing-indicator';
import type { SessionApi } from './session-api';
import { t } from './i18n/active-locale';
import type { BrowserE2ee } from './e2ee/browser-e2ee';
import { LocalSearch } from './e2ee/local-search';

/** Within this many pixels of the end, the list follows new messages; further up, it stays put. */
const STICK_TO_BOTTOM_PX = 80;
/** The server's largest history page: the most messages fetched again after a reconnect, or at once up to a quoted message. */
const MAX_HISTORY_PAGE = 500;
/** Scrolling reports what is in view once it pauses this long, not on every scroll event. */
const SEEN_SETTLE_MS = 150;
/** Messages loaded above a quoted one brought into view, so what it answered is there to read too. */
const QUOTED_CONTEXT = 10;

export interface PaneDeps {
  api: SessionApi;
  client: RealtimeClient;
  me: User;
  directory: ConversationDirectory;
  outbox: MessageOutbox;
  composer: Composer;
  notifier: Notifier;
  /** Seals and opens the bodies of end-to-end encrypted conversations. */
  e2ee: BrowserE2ee;
  /** The pane was closed (back button on narrow screens, or the conversation went away). */
  onClosed(): void;
  /** I left or deleted a conversation from its header: it goes, and the pane closes if it is open (ChatApp.lose). */
  membershipEnded(conversationId: string, notice: string): void;
}

/**
 * The open conversation: its first page of history, then live messages through a
 * ConversationFeed (each seq once, in order, resynced after reconnects), older pages on
 * request, and the membership changes that concern it. One conversation at a time; every
 * async step checks it is still the open one before drawing.
 */
export class ConversationPane {
  private readonly view = byId('conversation-view');
  private readonly empty = byId('pane-empty');
  private readonly scroller = byId('messages-scroller');
  private readonly loading = byId('messages-loading');
  private readonly jumpButton = byId<HTMLButtonElement>('jump-latest');
  private readonly list: MessageListView;
  private readonly pager: HistoryPager;
  private readonly header: ConversationHeader;
  /** Also opened by a `message.reported` notice (chat-app.ts). */
  readonly moderationLog: ModerationLogDialog;
  /** Display names by user id, kept across conversations (a name is the same everywhere). */
  private readonly names = new Map<string, string>();
  /** Members' pictures (User.avatarUrl) by id, beside their names. */
  private readonly avatars = new Map<string, string | null>();
  private readonly receipts: ReadReceipts;
  private readonly typing: TypingIndicator;
  private readonly localSearch: LocalSearch;
  private readonly pins: ConversationPins;
  private readonly pinnedBar: PinnedBar;
  private conversation: Conversation | null = null;
  private members: ConversationMember[] = [];
  /** My role when the messages' buttons were last drawn. */
  private drawnForRole: ConversationMember['role'] | undefined;
  private feed: ConversationFeed | null = null;
  /**
   * Tells the server how far this tab read in the open conversation (each seq once, forward only; a
   * failed report goes with the next one, a refused one again at its Retry-After, none while the
   * server says receipts are paused). Forgets the conversation when another opens (or none): no
   * retry left for it, and reported afresh if it opens again.
   */
  private readonly readReporter: PointerReporter;
  /** Member loads in flight: meanwhile an unknown sender is "…", not yet a "Former member". */
  private membersLoading = 0;
  /** While the feed catches up after opening (after a search result, that can be many messages), they are not announced one by one. */
  private catchingUp = false;
  /** A search result was opened and is marked: catching up must not scroll away from it. */
  private spotlit = false;
  /** Messages of the open E2EE conversation that no key on this device opens (ids): shown as a notice, never editable. */
  private readonly unreadable = new Set<string>();
  /** Bumped on every open/close, so answers for a conversation no longer shown are dropped. */
  private generation = 0;
  readonly reloadMembers = debounce(() => void this.loadMembers(), 300);

  constructor(private readonly deps: PaneDeps) {
    this.receipts = new ReadReceipts(deps.me.id);
    this.readReporter = new PointerReporter((id, seq) => deps.api.markRead(id, seq));
    followServerReceipts(deps.client.socket, this.readReporter);
    this.typing = new TypingIndicator(deps.me.id, (id) => this.nameOf(id));
    const messageActions = new MessageActions(deps.api, deps.notifier);
    this.list = new MessageListView(
      deps.me.id,
      (id) => this.nameOf(id),
      { retry: (c) => deps.outbox.retry(c), discard: (c) => deps.outbox.discard(c) },
      this.messageControls(messageActions, new ReportDialog(deps.api, deps.notifier)),
      (seq) => this.seenBy(seq),
      (id) => this.unreadable.has(id),
      (id) => (id === deps.me.id ? deps.me.avatarUrl : (this.avatars.get(id) ?? null)),
      (id) => this.names.get(id) ?? (id === deps.me.id ? deps.me.displayName : undefined),
    );
    this.localSearch = new LocalSearch(deps.e2ee, this.list);
    this.pinnedBar = new PinnedBar({
      nameOf: (id) => this.nameOf(id),
      unreadable: (id) => this.unreadable.has(id),
      mayUnpin: () => this.maySetPins(),
      show: (seq) => void this.showQuoted(seq),
      unpin: (m) => void this.setPinned(messageActions, m, false),
    });
    this.pins = new ConversationPins(deps.api, (messages) => this.reveal(messages), (pins) => {
      this.pinnedBar.show(pins);
      this.list.redrawControls();
    });
    new AttachmentLinks(byId('message-list'), (seq) => this.freshAttachments(seq), deps.notifier);
    this.pager = new HistoryPager((limit) => this.loadOlder(limit));
    this.moderationLog = new ModerationLogDialog(deps.api);
    const memberships = new MembershipActions(deps);
    const addPeople = new AddPeopleDialog(deps.api, new PeoplePicker(deps.api, deps.me.id, 'add-people'), (c, names) => {
      deps.notifier.info(t('addPeople.added', { title: deps.directory.titleOf(c), names: names.join(', ') }));
      if (c.id === this.openId) this.reloadMembers();
    });
    const editDialog = new EditConversationDialog(deps.api, (c) => {
      deps.directory.upsert(c);
      this.conversationUpdated(c);
    });
    const withOpen = (act: (c: Conversation) => Promise<void>) => () => void (this.conversation && act(this.conversation));
    this.header = new ConversationHeader(deps.me.id, {
      back: () => this.close(),
      leave: withOpen((c) => memberships.leave(c)),
      remove: withOpen((c) => memberships.delete(c)),
      moderate: (member, action) => void (this.conversation && memberships.moderate(this.conversation, member, action)),
      showModerationLog: () => this.conversation && this.moderationLog.show(this.conversation.id),
      addPeople: () => this.conversation && addPeople.show(this.conversation, this.members.map((m) => m.userId)),
      edit: () => this.conversation && editDialog.show(this.conversation),
      changeRole: (member, role) =>
        void (this.conversation && memberships.changeRole(this.conversation, member, role).then((changed) => changed && this.reloadMembers())),
    });
    this.jumpButton.addEventListener('click', () => {
      this.scrollToEnd();
      this.deps.composer.focus();
    });
    const reportSeen = debounce(() => this.reportRead(), SEEN_SETTLE_MS);
    this.scroller.addEventListener('scroll', () => {
      if (this.isAtEnd()) this.jumpButton.hidden = true;
      reportSeen();
    });
    // Back to a hidden tab: what is in view now is seen.
    document.addEventListener('visibilitychange', () => this.reportRead());
  }

  get openId(): string | null {
    return this.conversation?.id ?? null;
  }

  /** Opens a conversation at its latest messages, or centred on message `atSeq` (a search result). */
  async open(id: string, atSeq?: number): Promise<void> {
    const generation = this.reset();
    const { api, directory, composer, outbox } = this.deps;
    directory.setActive(id);
    composer.open(id);
    this.empty.hidden = true;
    this.view.hidden = false;
    this.loading.hidden = false;
    try {
      const window = atSeq === undefined ? {} : { around: atSeq };
      const [details, page, reads] = await Promise.all([api.getConversation(id), api.history(id, { ...window, limit: this.pager.pageSize }), this.fetchReads(id)]);
      if (generation !== this.generation) return;
      this.deps.e2ee.note(details.conversation);
      this.conversation = details.conversation;
      this.pins.open(id);
      composer.encrypted(!!details.conversation.e2ee);
      this.localSearch.show(details.conversation.e2ee ? id : null);
      const messages = await this.reveal(page.messages);
      if (generation !== this.generation) return;
      this.receipts.reset(reads);
      this.typing.show(id);
      this.applyMembers(details.members);
      this.list.reset(messages);
      // A page around a message may have newer ones after it (the feed catches up on them), so "older" is about the first seq.
      this.pager.setHasMore(atSeq === undefined ? page.hasMore : (this.list.firstSeq ?? 1) > 1);
      for (const outgoing of outbox.pendingIn(id)) this.list.showPending(outgoing);
      this.loading.hidden = true;
      this.spotlit = atSeq !== undefined && this.list.spotlight(atSeq);
      if (!this.spotlit) this.scrollToEnd();
      this.reportRead();
      this.feed = new ConversationFeed(this.deps.client, id, (m) => this.onLive(m));
      // If the socket is down this times out; the feed resubscribes by itself on the next connect.
      this.catchingUp = true;
      await this.feed.start(this.list.lastSeq).catch(() => undefined);
      if (generation === this.generation) this.catchingUp = false;
    } catch (err) {
      if (generation !== this.generation) return;
      this.loading.hidden = true;
      if (err instanceof ChatApiError && (err.status === 403 || err.status === 404)) directory.remove(id);
      this.close();
      this.deps.notifier.error(err, t('pane.openFailed'));
    }
  }

  /** Back to "pick a conversation"; `notice` tells the user why when it was not their choice. */
  close(notice?: string): void {
    this.reset();
    this.deps.directory.setActive(null);
    this.deps.composer.open(null);
    this.view.hidden = true;
    this.empty.hidden = false;
    if (notice) this.deps.notifier.info(notice);
    this.deps.onClosed();
  }

  // Outbox callbacks for the open conversation (the chat app routes them here).
  showPending(outgoing: Outgoing): void {
    if (outgoing.conversationId !== this.openId) return;
    this.list.showPending(outgoing);
    if (outgoing.attempt === 1 && outgoing.status === 'sending') this.scrollToEnd();
  }

  confirmed(message: Message): void {
    if (message.conversationId === this.openId) this.whenRevealed([message], ([shown]) => this.list.upsert(shown));
  }

  discarded(outgoing: Outgoing): void {
    if (outgoing.conversationId === this.openId) this.list.removePending(outgoing.clientMessageId);
  }

  // Frames about the open conversation.
  conversationUpdated(conversation: Conversation): void {
    if (conversation.id !== this.openId) return;
    this.deps.e2ee.note(conversation);
    this.conversation = conversation;
    this.renderHeader();
  }

  messageUpdated(message: Message): void {
    this.deps.directory.noteChanged(message.conversationId, message.id, () => message);
    if (message.conversationId !== this.openId) return;
    this.whenRevealed([message], ([shown]) => {
      this.list.updateShared(shown);
      this.pins.messageUpdated(shown);
    });
  }

  messageDeleted(conversationId: string, messageId: string, seq: number): void {
    this.deps.directory.noteChanged(conversationId, messageId, (last) => ({ ...last, body: '', attachments: [], deletedAt: new Date().toISOString() }));
    if (conversationId !== this.openId) return;
    this.list.markDeleted(seq);
    this.pins.messageDeleted(messageId);
  }

  /** A `pin.updated` frame: the frame names no message, so the open conversation's pins are fetched again. */
  pinsChanged(conversationId: string): void {
    if (conversationId === this.openId) this.pins.refresh();
  }

  /** A `read` frame: someone's read pointer moved. */
  readBy(conversationId: string, userId: string, seq: number): void {
    if (conversationId === this.openId && this.receipts.note(userId, seq)) this.list.refreshSeen();
  }

  /** A `delivered` frame: messages reached other members' devices. */
  deliveredTo(conversationId: string, pointers: DeliveryPointer[]): void {
    if (conversationId === this.openId && this.receipts.noteDelivered(pointers)) this.list.refreshSeen();
  }

  /**
   * After a reconnect: frames sent meanwhile were missed. New messages come with the feed's
   * catch-up; edits, deletions and reactions of the messages shown (up to a page of the most
   * that history returns), read pointers and pins are fetched again.
   */
  async resyncShown(): Promise<void> {
    const id = this.openId;
    const first = this.list.firstSeq;
    if (!id) return;
    const generation = this.generation;
    this.pins.refresh();
    const shown = first === undefined ? null : this.deps.api.history(id, { after: first - 1, limit: MAX_HISTORY_PAGE }).catch(() => null);
    const [reads, page] = await Promise.all([this.fetchReads(id), shown]);
    if (generation !== this.generation) return;
    const messages = await this.reveal(page?.messages ?? []);
    if (generation !== this.generation) return;
    this.receipts.reset(reads);
    for (const message of messages) this.list.update(message);
    this.list.refreshSeen();
  }

  /** One message of the open conversation fetched again, for attachment links signed now (null: it is gone). */
  private async freshAttachments(seq: number): Promise<Message['attachments'] | null> {
    const id = this.openId;
    if (!id) return null;
    const { messages } = await this.deps.api.history(id, { after: seq - 1, limit: 1 });
    const message = messages.find((m) => m.seq === seq);
    return message && !message.deletedAt ? message.attachments : null;
  }

  /** Receipts are extra: without them my messages show sent (✓), and the conversation still opens. */
  private fetchReads(id: string) {
    return this.deps.api.readPointers(id).then(
      (r) => r.reads,
      () => [],
    );
  }

  private seenBy(seq: number): Seen {
    const others = this.members.filter((m) => m.userId !== this.deps.me.id).map((m) => m.userId);
    const readers = this.receipts.readersOf(seq, others);
    return {
      names: readers.map((id) => this.nameOf(id)),
      everyone: others.length > 0 && readers.length === others.length,
      deliveredTo: this.receipts.deliveredTo(seq, others).length,
      others: others.length,
    };
  }

  /** A `reaction.updated` frame; when the change was mine (this tab, another, another device), my reactions follow it. */
  reactionsUpdated({ conversationId, messageId, reactions, userId, emoji, added }: ReactionUpdatedFrame): void {
    if (conversationId !== this.openId) return;
    const without = (shown: string[]) => shown.filter((e) => e !== emoji);
    this.list.setReactions(messageId, reactions, userId === this.deps.me.id ? (shown) => (added ? [...without(shown), emoji] : without(shown)) : undefined);
  }

  /** A `typing` frame: who is typing in a conversation now (any of mine, kept for when it opens). */
  typingChanged(conversationId: string, userIds: string[]): void {
    this.typing.update(conversationId, userIds);
  }

  /** A `presence` frame: the member list and a direct conversation's header follow it. */
  presenceChanged(userId: string, presence: PresenceStatus, lastSeenAt: string | null): void {
    if (!this.members.some((m) => m.userId === userId)) return;
    this.members = this.members.map((m) => (m.userId === userId ? { ...m, presence, lastSeenAt } : m));
    this.renderHeader();
  }

  /** A `user.updated` frame: the member list, the senders (and their pictures), the typing line and the title show the new name. */
  userRenamed(userId: string, displayName: string, avatarUrl: string | null): void {
    if (this.names.has(userId)) this.names.set(userId, displayName);
    if (this.avatars.has(userId)) this.avatars.set(userId, avatarUrl);
    if (!this.members.some((m) => m.userId === userId)) {
      if (userId === this.deps.me.id) this.list.refreshNames(); // my own messages' pictures
      return;
    }
    this.applyMembers(this.members.map((m) => (m.userId === userId ? { ...m, displayName, avatarUrl } : m)));
  }

  memberLeft(userId: string): void {
    this.members = this.members.filter((m) => m.userId !== userId);
    this.offerMentions();
    this.list.refreshSeen();
    this.renderHeader();
  }

  /**
   * The open conversation is read up to the last message in view while the page is visible (seed
   * 004 8.5), so its unread count stays cleared after a reload: not what arrived while the user was
   * scrolled up or in another tab; those count once scrolled to or once the tab is back.
   */
  private reportRead(): void {
    const id = this.openId;
    if (!id || document.visibilityState !== 'visible') return;
    this.readReporter.report(id, this.list.lastSeqShownAbove(this.scroller.getBoundingClientRect().bottom));
  }

  private onLive(served: Message): void {
    if (served.conversationId !== this.openId) return;
    this.deps.directory.noteMessage(served);
    // Settled with the message as served: the outbox's listener reveals it like any confirmed one.
    if (served.senderId === this.deps.me.id) this.deps.outbox.settle(served);
    this.whenRevealed([served], ([message]) => this.showLive(message));
  }

  private showLive(message: Message): void {
    // Catching up below a search result that was opened: stay on it, even for my own messages.
    const keepPlace = this.catchingUp && this.spotlit;
    const follow = this.isAtEnd() && !keepPlace;
    const mine = message.senderId === this.deps.me.id;
    // Someone who just joined: fetch names before drawing, so the placeholder shows until they arrive.
    if (!mine && !this.names.has(message.senderId)) void this.loadMembers();
    this.list.upsert(message);
    if (!mine && !this.catchingUp) {
      const text = this.unreadable.has(message.id) ? t('e2ee.unreadable') : message.body || voiceMessageText(message.attachments) || '';
      this.deps.notifier.announce(`${this.nameOf(message.senderId)}: ${text.slice(0, 300)}`);
    }
    if (follow || (mine && !keepPlace)) this.scrollToEnd();
    else this.jumpButton.hidden = false;
    this.reportRead();
  }

  /** Who may do what to a message: the server's rules, so a button never leads to a certain refusal. */
  private messageControls(actions: MessageActions, reports: ReportDialog): MessageControlActions {
    const me = this.deps.me.id;
    return {
      canDelete: (m) => !m.deletedAt && (m.senderId === me || isModerator(this.myRole() ?? 'member')),
      toggleReaction: (m, emoji) =>
        void actions.toggleReaction(m, emoji).then((answer) => {
          if (answer && m.conversationId === this.openId) this.list.setReactions(m.id, answer.reactions, () => answer.myReactions);
        }),
      canEdit: (m) => m.senderId === me && !m.deletedAt && !this.unreadable.has(m.id),
      canReport: (m) => m.senderId !== me && !m.deletedAt,
      report: (m) => reports.show(m),
      save: async (m, body, version) => {
        const outcome = await actions.edit(m, await this.deps.e2ee.seal(m.conversationId, body), version);
        if (outcome.kind !== 'saved') return outcome;
        const [shown] = await this.reveal([outcome.message]);
        return { kind: 'saved', message: shown };
      },
      remove: (m) =>
        void actions.remove(m, m.senderId === me).then((deleted) => {
          if (deleted) this.messageDeleted(m.conversationId, m.id, m.seq);
        }),
      reply: (m) =>
        this.deps.composer.replyTo({ conversationId: m.conversationId, messageId: m.id, senderName: this.nameOf(m.senderId), excerpt: quoteText(quoteOf(m), this.unreadable.has(m.id)) }),
      showQuoted: (seq) => void this.showQuoted(seq),
      canPin: (m) => !m.deletedAt && this.maySetPins(),
      isPinned: (m) => this.pins.isPinned(m.id),
      togglePin: (m) => void this.setPinned(actions, m, !this.pins.isPinned(m.id)),
    };
  }

  /** In a channel only its owners and admins pin and unpin (the server's rule); elsewhere every member. */
  private maySetPins(): boolean {
    return !!this.conversation && (this.conversation.type !== 'channel' || isModerator(this.myRole() ?? 'member'));
  }

  /** Fetched again at once, so the change shows here even before (or without) its frame. */
  private async setPinned(actions: MessageActions, message: Message, pinned: boolean): Promise<void> {
    if ((await actions.setPinned(message, pinned)) && message.conversationId === this.openId) this.pins.refresh();
  }

  /**
   * A reply's quote was chosen: the message it answers is marked for a moment. Above the loaded
   * pages, the pages up to it are loaded first (keeping them in one run, as Load older does); so far
   * back that this would take more than one of the server's largest pages, the conversation opens
   * around it instead, as for a search result.
   */
  private async showQuoted(seq: number): Promise<void> {
    const id = this.openId;
    const first = this.list.firstSeq;
    if (this.list.flash(seq) || !id || first === undefined || seq >= first) return;
    const missing = first - seq + QUOTED_CONTEXT;
    if (missing > MAX_HISTORY_PAGE) return this.open(id, seq);
    await this.loadOlder(missing);
    if (id === this.openId) this.list.flash(seq);
  }

  private myRole(): ConversationMember['role'] | undefined {
    return this.members.find((m) => m.userId === this.deps.me.id)?.role;
  }

  private async loadOlder(limit: number): Promise<void> {
    const id = this.openId;
    const before = this.list.firstSeq;
    if (!id || before === undefined || before <= 1) return this.pager.setHasMore(false);
    try {
      const page = await this.deps.api.history(id, { before, limit });
      if (id !== this.openId) return;
      const older = await this.reveal(page.messages);
      if (id !== this.openId) return;
      // Keep what the user was looking at in place while the older page grows above it.
      const fromBottom = this.scroller.scrollHeight - this.scroller.scrollTop;
      this.list.prepend(older);
      this.localSearch.refresh();
      this.scroller.scrollTop = this.scroller.scrollHeight - fromBottom;
      this.pager.setHasMore(page.hasMore);
      this.deps.notifier.announce(t('pane.loadedOlder', { count: page.messages.length }));
    } catch (err) {
      this.deps.notifier.error(err, t('pane.loadOlderFailed'));
    }
  }

  private async loadMembers(): Promise<void> {
    const id = this.openId;
    if (!id) return;
    const generation = this.generation;
    this.membersLoading++;
    try {
      const details = await this.deps.api.getConversation(id);
      if (generation !== this.generation) return;
      this.deps.e2ee.note(details.conversation);
      this.conversation = details.conversation;
      this.applyMembers(details.members);
    } catch {
      // Not fatal: unknown names show as "Former member" until the next successful load.
    } finally {
      // A load for a conversation no longer open does not count (reset() zeroed the counter).
      if (generation === this.generation && --this.membersLoading === 0) this.list.refreshNames();
    }
  }

  private applyMembers(members: ConversationMember[]): void {
    this.members = members;
    for (const m of members) {
      this.names.set(m.userId, m.displayName);
      this.avatars.set(m.userId, m.avatarUrl ?? null);
    }
    if (this.conversation) this.deps.directory.learnMembers(this.conversation.id, members);
    this.offerMentions();
    this.list.refreshNames();
    this.typing.render();
    this.list.refreshSeen();
    // Owners and admins may delete others' messages (and in a channel pin them): a role change changes the buttons.
    const role = this.myRole();
    if (role !== this.drawnForRole) this.list.redrawControls();
    this.drawnForRole = role;
    this.pinnedBar.refresh();
    this.renderHeader();
  }

  /** "@" in the message box offers the members as they are now, myself excepted. */
  private offerMentions(): void {
    if (this.conversation) this.deps.composer.mentionable(this.conversation.id, this.members.filter((m) => m.userId !== this.deps.me.id));
  }

  private renderHeader(): void {
    if (this.conversation) this.header.render(this.conversation, this.deps.directory.titleOf(this.conversation), this.members);
  }

  private nameOf(userId: string): string {
    if (userId === this.deps.me.id) return t('pane.you');
    return this.names.get(userId) ?? (this.membersLoading ? '…' : t('pane.formerMember'));
  }

  /**
   * Messages as this device can show them: in an E2EE conversation decrypted, or (no key here)
   * an empty body the list draws as the "cannot be decrypted" notice; others as served.
   */
  private async reveal(messages: Message[]): Promise<Message[]> {
    const conversation = this.conversation;
    if (!conversation || !this.deps.e2ee.isEncrypted(conversation.id)) return messages;
    const revealed = await this.deps.e2ee.revealAll(conversation, messages);
    const note = (id: string, unreadable: boolean) => (unreadable ? this.unreadable.add(id) : this.unreadable.delete(id));
    for (const { message, unreadable, quoteUnreadable } of revealed) {
      note(message.id, unreadable);
      // A quote is the answered message's ciphertext: what opens it opens that message.
      if (message.replyTo && !message.replyTo.deleted) note(message.replyTo.id, quoteUnreadable);
    }
    return revealed.map((r) => r.message);
  }

  /** Draws messages once revealed, unless another conversation was opened meanwhile; plaintext ones at once. */
  private whenRevealed(messages: Message[], draw: (shown: Message[]) => void): void {
    if (!this.conversation || !this.deps.e2ee.isEncrypted(this.conversation.id)) return draw(messages);
    const generation = this.generation;
    void this.reveal(messages).then((shown) => {
      if (generation !== this.generation) return;
      draw(shown);
      this.localSearch.refresh();
    });
  }

  /** Stops the feed and empties the view; returns the new generation. */
  private reset(): number {
    this.unreadable.clear();
    this.localSearch.show(null);
    this.pins.open(null);
    this.feed?.stop();
    this.feed = null;
    if (this.openId) this.readReporter.forget(this.openId);
    this.catchingUp = false;
    this.spotlit = false;
    this.conversation = null;
    this.members = [];
    this.drawnForRole = undefined;
    this.receipts.reset();
    this.typing.show(null);
    this.membersLoading = 0;
    this.list.reset();
    this.pager.hideAll();
    this.jumpButton.hidden = true;
    return ++this.generation;
  }

  private isAtEnd(): boolean {
    return this.scroller.scrollHeight - this.scroller.scrollTop - this.scroller.clientHeight < STICK_TO_BOTTOM_PX;
  }

  private scrollToEnd(): void {
    this.scroller.scrollTop = this.scroller.scrollHeight;
    this.jumpButton.hidden = true;
  }
}
