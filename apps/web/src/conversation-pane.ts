import type { Conversation, ConversationMember, DeliveryPointer, Message, PresenceStatus, ReactionUpdatedFrame, User } from '@chat/contracts';
import { ConversationFeed, type RealtimeClient } from '@chat/sdk';
import type { Composer } from './composer';
import type { ConversationDirectory } from './conversation-directory';
import { ConversationPins } from './conversation-pins';
import { AttachmentLinks } from './attachment-links';
import { voiceMessageText } from './attachment-view';
import { isNotMine } from './error-text';
import { byId, debounce } from './dom';
import { MentionJumpButton } from './mention-jump-button';
import { MessageListView } from './message-list-view';
import { MessageReveal } from './message-reveal';
import type { ModerationLogDialog } from './moderation-log-dialog';
import type { MessageOutbox, Outgoing } from './message-outbox';
import type { Notifier } from './notifier';
import { PaneHeader } from './pane-header';
import { PaneHistory } from './pane-history';
import { PaneMembers } from './pane-members';
import { PaneViewers } from './pane-viewers';
import { PaneMessageControls } from './pane-message-controls';
import { PaneReceipts } from './pane-receipts';
import { PinnedBar } from './pinned-bar';
import { shownAgain } from './shown-again';
import { TypingIndicator } from './typing-indicator';
import { UnreadMentions } from './unread-mentions';
import type { SessionApi } from './session-api';
import { t } from './i18n/active-locale';
import type { BrowserE2ee } from './e2ee/browser-e2ee';
import type { MyFeatures } from './feature-gates';
import { LocalSearch } from './e2ee/local-search';

/** Within this many pixels of the end, the list follows new messages; further up, it stays put. */
const STICK_TO_BOTTOM_PX = 80;
/** Scrolling reports what is in view once it pauses this long, not on every scroll event. */
const SEEN_SETTLE_MS = 150;

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
  /** Which features are on for me: the messages' controls and the pinned bar offer reactions and pins only while theirs are. */
  features: MyFeatures;
  /** The pane was closed (back button on narrow screens, or the conversation went away). */
  onClosed(): void;
  /**
   * I left or deleted a conversation from its header, or the server says it is not mine (any more):
   * it goes, and the pane closes if it is open (ChatApp.lose).
   */
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
  private readonly closedNotice = byId('closed-notice');
  private readonly list: MessageListView;
  private readonly history: PaneHistory;
  private readonly header: PaneHeader;
  /** Also opened by a `message.reported` notice (chat-app.ts). */
  readonly moderationLog: ModerationLogDialog;
  private readonly members: PaneMembers;
  private readonly revealed: MessageReveal;
  private readonly receipts: PaneReceipts;
  private readonly typing: TypingIndicator;
  private readonly viewers: PaneViewers;
  private readonly localSearch: LocalSearch;
  private readonly pins: ConversationPins;
  private readonly pinnedBar: PinnedBar;
  private readonly mentions: UnreadMentions;
  private conversation: Conversation | null = null;
  /** My role when the messages' buttons were last drawn. */
  private drawnForRole: ConversationMember['role'] | undefined;
  private feed: ConversationFeed | null = null;
  /** While the feed catches up after opening (after a search result, that can be many messages), they are not announced one by one. */
  private catchingUp = false;
  /** A search result was opened and is marked: catching up must not scroll away from it. */
  private spotlit = false;
  /** Bumped on every open/close, so answers for a conversation no longer shown are dropped. */
  private generation = 0;
  readonly reloadMembers = debounce(() => void this.loadMembers(), 300);

  constructor(private readonly deps: PaneDeps) {
    const members = (this.members = new PaneMembers(deps.me));
    const revealed = (this.revealed = new MessageReveal(deps.e2ee, () => this.conversation));
    this.receipts = new PaneReceipts(deps.api, deps.client, deps.me.id, members);
    this.typing = new TypingIndicator(deps.me.id, (id) => members.nameOf(id));
    this.viewers = new PaneViewers(deps.client, () => this.renderHeader());
    this.pins = new ConversationPins(deps.api, (messages) => revealed.reveal(messages), (pins) => {
      this.pinnedBar.show(pins);
      this.list.redrawControls();
    });
    const controls = new PaneMessageControls({
      ...deps,
      me: deps.me.id,
      members,
      reveal: revealed,
      pins: this.pins,
      openConversation: () => this.conversation,
      setReactions: (id, reactions, mine) => this.list.setReactions(id, reactions, mine),
      deleted: (conversationId, messageId, seq) => this.messageDeleted(conversationId, messageId, seq),
      showQuoted: (seq) => void this.history.showQuoted(seq),
    });
    this.list = new MessageListView(
      deps.me.id,
      (id) => members.nameOf(id),
      { retry: (c) => deps.outbox.retry(c), discard: (c) => deps.outbox.discard(c) },
      controls.forList(),
      (seq) => this.receipts.seenBy(seq),
      (id) => revealed.isUnreadable(id),
      (id) => members.avatarOf(id),
      (id) => members.mentionedAs(id),
    );
    this.localSearch = new LocalSearch(deps.e2ee, this.list);
    deps.composer.onEditLatest(() => this.list.editLatestMine(() => deps.composer.focus()));
    this.pinnedBar = new PinnedBar({
      nameOf: (id) => members.nameOf(id),
      unreadable: (id) => revealed.isUnreadable(id),
      mayUnpin: () => controls.maySetPins(),
      show: (seq) => void this.history.showQuoted(seq),
      unpin: (m) => void controls.setPinned(m, false),
    });
    // Drawn before the features were known (they count as on till then): drawn again with them.
    deps.features.onChange(() => {
      this.list.redrawControls();
      this.pinnedBar.refresh();
    });
    new AttachmentLinks(byId('message-list'), (seq) => this.history.freshAttachments(seq), deps.notifier);
    this.history = new PaneHistory({
      ...deps,
      list: this.list,
      scroller: this.scroller,
      localSearch: this.localSearch,
      revealed,
      openId: () => this.openId,
      openAround: (id, seq) => this.open(id, seq),
      lost: (id, err) => this.lost(id, err),
      settleMine: (served) => this.settleMine(served),
    });
    this.header = new PaneHeader({
      ...deps,
      meId: deps.me.id,
      openConversation: () => this.conversation,
      members: () => members.all,
      viewers: () => this.viewers.all,
      close: () => this.close(),
      reloadMembers: () => this.reloadMembers(),
      conversationUpdated: (c) => this.conversationUpdated(c),
    });
    this.moderationLog = this.header.moderationLog;
    const mentionJump = new MentionJumpButton(() => {
      const seq = this.mentions.next();
      if (seq !== undefined) void this.history.showQuoted(seq);
    });
    this.mentions = new UnreadMentions(deps.api, deps.me.id, (count) => mentionJump.show(count));
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
    this.viewers.show(id);
    directory.setActive(id);
    composer.open(id);
    this.empty.hidden = true;
    this.view.hidden = false;
    this.loading.hidden = false;
    try {
      const window = atSeq === undefined ? {} : { around: atSeq };
      // The unread mentions are those after my read pointer: asked for before this tab reports what it shows.
      const [details, page, reads] = await Promise.all([
        api.getConversation(id),
        api.history(id, { ...window, limit: this.history.pager.pageSize }),
        this.receipts.fetch(id),
        this.mentions.open(id),
      ]);
      if (generation !== this.generation) return;
      this.deps.e2ee.note(details.conversation);
      this.conversation = details.conversation;
      this.showStatus();
      this.pins.open(id);
      composer.encrypted(!!details.conversation.e2ee);
      this.localSearch.show(details.conversation.e2ee ? id : null);
      const messages = await this.revealed.reveal(page.messages);
      if (generation !== this.generation) return;
      this.receipts.reset(reads);
      this.typing.show(id);
      this.applyMembers(details.members);
      this.list.reset(messages);
      this.settleMine(page.messages);
      // A page around a message may have newer ones after it (the feed catches up on them), so "older" is about the first seq.
      this.history.pager.setHasMore(atSeq === undefined ? page.hasMore : (this.list.firstSeq ?? 1) > 1);
      for (const outgoing of outbox.pendingIn(id)) this.list.showPending(outgoing);
      this.loading.hidden = true;
      this.spotlit = atSeq !== undefined && this.list.spotlight(atSeq);
      if (!this.spotlit) this.scrollToEnd();
      this.reportRead();
      // A failure of the feed's own rejoin or catch-up: gone if the conversation is no longer mine,
      // else tried again at the next connect or gap.
      const feedFailed = (err: unknown) => void (generation === this.generation && this.lost(id, err));
      this.feed = new ConversationFeed(this.deps.client, id, (m) => this.onLive(m), { onError: feedFailed });
      // If the socket is down this times out; the feed resubscribes by itself on the next connect.
      this.catchingUp = true;
      await this.feed.start(this.list.lastSeq).catch(feedFailed);
      if (generation === this.generation) this.catchingUp = false;
    } catch (err) {
      if (generation !== this.generation) return;
      this.loading.hidden = true;
      this.close();
      if (!this.lost(id, err)) this.deps.notifier.error(err, t('pane.openFailed'));
    }
  }

  /**
   * A request about conversation `id` failed. When the server says it is not mine (removed or
   * deleted while no frame of it reached this page), it goes like any conversation I lose, its
   * draft and unsent messages with it, and true. False for any other failure, and for one not in my
   * list (a stale link: nothing of it is shown, and the failure is told as such).
   */
  private lost(id: string, err: unknown): boolean {
    const { directory } = this.deps;
    const listed = directory.get(id);
    if (!listed || !isNotMine(err)) return false;
    this.deps.membershipEnded(id, t('left.left', { title: directory.titleOf(listed) }));
    return true;
  }

  /** Back to "pick a conversation"; `notice` tells the user why when it was not their choice. */
  close(notice?: string): void {
    this.reset();
    this.viewers.show(null);
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
    this.showStatus();
    this.renderHeader();
  }

  /** A closed conversation is read only: the notice says so and the composer takes nothing until it reopens. */
  private showStatus(): void {
    const closed = this.conversation?.status === 'closed';
    this.closedNotice.hidden = !closed;
    this.deps.composer.closed(closed);
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
    this.mentions.deleted(seq);
  }

  /** A `pin.updated` frame: the frame names no message, so the open conversation's pins are fetched again. */
  pinsChanged(conversationId: string): void {
    if (conversationId === this.openId) this.pins.refresh();
  }

  /** A `read` frame: someone's read pointer moved. */
  readBy(conversationId: string, userId: string, seq: number): void {
    if (conversationId === this.openId && this.receipts.noteRead(userId, seq)) this.list.refreshSeen();
  }

  /** A `delivered` frame: messages reached other members' devices. */
  deliveredTo(conversationId: string, pointers: DeliveryPointer[]): void {
    if (conversationId === this.openId && this.receipts.noteDelivered(pointers)) this.list.refreshSeen();
  }

  /**
   * After a reconnect: frames sent meanwhile were missed. New messages come with the feed's
   * catch-up; edits, deletions and reactions of the messages shown, read pointers and pins are
   * fetched again.
   */
  async resyncShown(): Promise<void> {
    const id = this.openId;
    const first = this.list.firstSeq;
    if (!id) return;
    const generation = this.generation;
    this.viewers.showAgain();
    this.pins.refresh();
    const shown = first === undefined ? [] : shownAgain(this.deps.api, id, first, this.list.lastSeq);
    const [reads, served] = await Promise.all([this.receipts.fetch(id), shown]);
    if (generation !== this.generation) return;
    const messages = await this.revealed.reveal(served);
    if (generation !== this.generation) return;
    this.receipts.reset(reads);
    for (const message of messages) this.list.update(message);
    this.list.refreshSeen();
  }

  /** A `reaction.updated` frame; when the change was mine (this tab, another, another device), my reactions follow it. */
  reactionsUpdated({ conversationId, messageId, reactions, userId, emoji, added }: ReactionUpdatedFrame): void {
    if (conversationId !== this.openId) return;
    const without = (shown: string[]) => shown.filter((e) => e !== emoji);
    this.list.setReactions(messageId, reactions, userId === this.deps.me.id ? (shown) => (added ? [...without(shown), emoji] : without(shown)) : undefined);
  }

  /** A `viewers` frame: who has a conversation open now (the open one's show in its header). */
  viewersChanged(conversationId: string, userIds: string[]): void {
    this.viewers.update(conversationId, userIds);
  }

  /** A `typing` frame: who is typing in a conversation now (any of mine, kept for when it opens). */
  typingChanged(conversationId: string, userIds: string[]): void {
    this.typing.update(conversationId, userIds);
  }

  /** A `presence` frame: the member list and a direct conversation's header follow it. */
  presenceChanged(userId: string, presence: PresenceStatus, lastSeenAt: string | null): void {
    if (this.members.setPresence(userId, presence, lastSeenAt)) this.renderHeader();
  }

  /** A `user.updated` frame: the member list, the senders (and their pictures), the typing line and the title show the new name. */
  userRenamed(userId: string, displayName: string, avatarUrl: string | null): void {
    if (this.members.rename(userId, displayName, avatarUrl)) this.membersChanged();
    else if (userId === this.deps.me.id) this.list.refreshNames(); // my own messages' pictures
  }

  memberLeft(userId: string): void {
    this.members.remove(userId);
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
    const { top, bottom } = this.scroller.getBoundingClientRect();
    this.receipts.reportRead(id, this.list.lastSeqShownAbove(bottom));
    // A mention leaves once seen, not once the pointer passes it: opening at the latest moves the pointer past every one above, unseen.
    this.mentions.seen((seq) => this.list.isShownBetween(seq, top, bottom));
  }

  /**
   * A page of history was drawn: my messages in it are stored, so the outbox's sends they are were
   * delivered, whatever became of their acks (lost with the connection, or failed after the server
   * stored them). Settled, they are not drawn again as pending and leave storage.
   */
  private settleMine(served: readonly Message[]): void {
    for (const message of served) if (message.senderId === this.deps.me.id) this.deps.outbox.settle(message);
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
    if (!mine && !this.members.knowsName(message.senderId)) void this.loadMembers();
    this.list.upsert(message);
    if (!mine && !this.catchingUp) {
      const text = this.revealed.isUnreadable(message.id) ? t('e2ee.unreadable') : message.body || voiceMessageText(message.attachments) || '';
      this.deps.notifier.announce(`${this.members.nameOf(message.senderId)}: ${text.slice(0, 300)}`);
    }
    if (follow || (mine && !keepPlace)) this.scrollToEnd();
    else {
      this.jumpButton.hidden = false;
      this.mentions.arrived(message);
    }
    this.reportRead();
  }

  private async loadMembers(): Promise<void> {
    const id = this.openId;
    if (!id) return;
    const generation = this.generation;
    this.members.loadStarted();
    try {
      const details = await this.deps.api.getConversation(id);
      if (generation !== this.generation) return;
      this.deps.e2ee.note(details.conversation);
      this.conversation = details.conversation;
      this.applyMembers(details.members);
    } catch (err) {
      // Otherwise not fatal: unknown names show as "Former member" until the next successful load.
      this.lost(id, err);
    } finally {
      // A load for a conversation no longer open does not count (reset() zeroed the counter).
      if (generation === this.generation && this.members.loadEnded()) this.list.refreshNames();
    }
  }

  private applyMembers(members: ConversationMember[]): void {
    this.members.set(members);
    this.membersChanged();
  }

  /** Everything drawn from the members follows them. */
  private membersChanged(): void {
    if (this.conversation) this.deps.directory.learnMembers(this.conversation.id, this.members.all);
    this.offerMentions();
    this.list.refreshNames();
    this.typing.render();
    this.list.refreshSeen();
    // Owners and admins may delete others' messages (and in a channel pin them): a role change changes the buttons.
    const role = this.members.myRole();
    if (role !== this.drawnForRole) this.list.redrawControls();
    this.drawnForRole = role;
    this.pinnedBar.refresh();
    this.renderHeader();
  }

  /** "@" in the message box offers the members as they are now, myself excepted. */
  private offerMentions(): void {
    if (this.conversation) this.deps.composer.mentionable(this.conversation.id, this.members.others());
  }

  private renderHeader(): void {
    this.header.render();
  }

  /** Draws messages once revealed, unless another conversation was opened meanwhile; plaintext ones at once. */
  private whenRevealed(messages: Message[], draw: (shown: Message[]) => void): void {
    if (!this.revealed.needed) return draw(messages);
    const generation = this.generation;
    void this.revealed.reveal(messages).then((shown) => {
      if (generation !== this.generation) return;
      draw(shown);
      this.localSearch.refresh();
    });
  }

  /** Stops the feed and empties the view; returns the new generation. */
  private reset(): number {
    this.revealed.forget();
    this.localSearch.show(null);
    this.pins.open(null);
    void this.mentions.open(null);
    this.feed?.stop();
    this.feed = null;
    if (this.openId) this.receipts.forget(this.openId);
    this.catchingUp = false;
    this.spotlit = false;
    this.conversation = null;
    this.closedNotice.hidden = true;
    this.members.clear();
    this.drawnForRole = undefined;
    this.receipts.reset();
    this.typing.show(null);
    this.list.reset();
    this.history.pager.hideAll();
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
