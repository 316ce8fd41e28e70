import type { Message } from '@chat/contracts';
import { attachmentsNode } from './attachment-view';
import { byId, h } from './dom';
import { drawAvatar } from './avatar';
import { fullTime, hueOf, shortTime } from './format';
import { focusedControl, messageToolbar, reactionsRow, refocusControl, type MessageControlActions } from './message-controls';
import { openEditor } from './message-editor';
import { markMentionsMe } from './mention-body';
import { drawMessageBody } from './message-body';
import type { NamedMember } from './mention-text';
import type { Outgoing } from './message-outbox';
import { QuoteBlocks } from './quote-block';
import { quoteOf, sameQuote } from './reply-quote';
import { t } from './i18n/active-locale';

/**
 * Where a message of mine stands with the other members: who has read it (`names`; `everyone`:
 * all of them), and on how many of their devices it is (`deliveredTo`, readers included, of `others`).
 */
export interface Seen {
  names: string[];
  everyone: boolean;
  deliveredTo: number;
  others: number;
}

/** Names listed in a seen mark's tooltip; more are counted. */
const SEEN_NAMES_SHOWN = 10;

/** Messages of one sender closer together than this are drawn as one group (one name, one avatar). */
const GROUP_WINDOW_MS = 5 * 60_000;

/** How much of a message must be in view for it to count as seen (about a line of text). */
const MIN_SEEN_PX = 20;

/** How long a message stays marked once a quote of it was chosen: long enough to find it on the screen. */
const FLASH_MS = 2000;

/**
 * The message list of the open conversation, always in seq order: confirmed messages keyed by
 * seq, then my unconfirmed sends keyed by clientMessageId. When a send is confirmed its node
 * turns from "sending" to delivered (✓) in place and moves to its seq position. Bodies are text
 * nodes only, so markup in a message is shown, never run. Edits, deletions and reaction counts
 * redraw a shown message in place; a message not shown (outside the loaded pages) is not added.
 * A reply shows a quote of the message it answers, which follows that message's edits and deletion
 * while both are shown. The members a message mentions are marked in its body, and a message that
 * mentions me as a whole.
 */
export class MessageListView {
  private readonly list = byId<HTMLOListElement>('message-list');
  private readonly bySeq = new Map<number, HTMLLIElement>();
  /** The latest copy of each confirmed message shown, by seq. */
  private readonly messages = new Map<number, Message>();
  private readonly pending = new Map<string, HTMLLIElement>();
  private readonly quotes: QuoteBlocks;
  /** The message marked for a moment after a quote of it was chosen. */
  private flashing: { node: HTMLElement; timer: ReturnType<typeof setTimeout> } | null = null;

  constructor(
    private readonly meId: string,
    private readonly nameOf: (userId: string) => string,
    private readonly actions: { retry(clientMessageId: string): void; discard(clientMessageId: string): void },
    private readonly controls: MessageControlActions,
    private readonly seenBy: (seq: number) => Seen,
    /** An E2EE message no key on this device opens: a notice in place of its body. */
    private readonly unreadable: (messageId: string) => boolean = () => false,
    /** The sender's picture (User.avatarUrl), or null for initials. */
    private readonly avatarOf: (userId: string) => string | null = () => null,
    /** A member's display name as "@" mentions write it (mine too), or undefined when not known. */
    private readonly mentionedAs: (userId: string) => string | undefined = () => undefined,
  ) {
    this.quotes = new QuoteBlocks({ nameOf, unreadable }, (seq) => controls.showQuoted(seq));
  }

  get firstSeq(): number | undefined {
    const first = this.list.querySelector<HTMLElement>('li[data-seq]');
    return first ? Number(first.dataset.seq) : undefined;
  }

  /**
   * The last confirmed message the user can see: the highest seq whose node starts at least
   * `MIN_SEEN_PX` above `bottom` (the scroller's lower edge, in viewport coordinates). Nodes not
   * laid out (hidden by a filter, or the pane not shown) do not count.
   */
  lastSeqShownAbove(bottom: number): number {
    const nodes = this.list.querySelectorAll<HTMLElement>('li[data-seq]');
    for (let i = nodes.length - 1; i >= 0; i--) {
      const rect = nodes[i]!.getBoundingClientRect();
      if (rect.height > 0 && rect.top + Math.min(rect.height, MIN_SEEN_PX) <= bottom) return Number(nodes[i]!.dataset.seq);
    }
    return 0;
  }

  /** Whether message `seq` is in view between `top` and `bottom` (viewport coordinates), by the measure of `lastSeqShownAbove`. */
  isShownBetween(seq: number, top: number, bottom: number): boolean {
    const rect = this.bySeq.get(seq)?.getBoundingClientRect();
    if (!rect || rect.height === 0) return false;
    const enough = Math.min(rect.height, MIN_SEEN_PX);
    return rect.top + enough <= bottom && rect.bottom - enough >= top;
  }

  get lastSeq(): number {
    let last = 0;
    for (const seq of this.bySeq.keys()) last = Math.max(last, seq);
    return last;
  }

  reset(messages: Message[] = []): void {
    this.bySeq.clear();
    this.messages.clear();
    this.pending.clear();
    this.list.replaceChildren();
    this.prepend(messages);
  }

  /** An older page (ascending) goes above everything shown. */
  prepend(messages: Message[]): void {
    const fresh = messages.filter((m) => !this.bySeq.has(m.seq));
    const nodes = fresh.map((m) => this.confirmedNode(m));
    this.list.prepend(...nodes);
    this.regroup(0, nodes.length + 1);
  }

  /** A confirmed message from any source (history, live frame, ack); each seq is drawn once. */
  upsert(message: Message): void {
    const existing = this.bySeq.get(message.seq);
    const mine = message.senderId === this.meId;
    const pendingNode = mine ? this.pending.get(message.clientMessageId) : undefined;
    if (pendingNode) this.pending.delete(message.clientMessageId);
    if (existing) {
      pendingNode?.remove();
      // The same message again (a send's ack and its live frame): redraw only a newer version of it.
      if (message.version > (this.messages.get(message.seq)?.version ?? 0)) this.fill(existing, message);
      return;
    }
    const node = pendingNode ? this.fill(pendingNode, message) : this.confirmedNode(message);
    this.bySeq.set(message.seq, node);
    this.insertBySeq(node, message.seq);
  }

  /**
   * The server's answer to my edit, or a shown message fetched again after a reconnect: served to me,
   * so with my own reactions. Nodes are found by seq, and the list is shared by every conversation:
   * an answer that comes after another conversation was opened must not land on its message of that seq.
   */
  update(message: Message): void {
    const node = this.bySeq.get(message.seq);
    const shown = this.messages.get(message.seq);
    if (!node || shown?.conversationId !== message.conversationId) return;
    // Reactions do not move the version: at the same version, different counts or mine are news too, and so is
    // a quote of an edit made meanwhile (a reply fetched again).
    const news = message.version > shown.version || (message.version === shown.version && !sameReactions(message, shown)) || !sameQuote(message.replyTo, shown.replyTo);
    if (!news) return;
    this.fill(node, message);
    this.requote(message);
  }

  /** An edited message from a `message.updated` frame: every reader gets the same one, without their own reactions, so those shown stay. */
  updateShared(message: Message): void {
    const shown = this.messages.get(message.seq);
    if (shown) this.update({ ...message, myReactions: shown.myReactions });
  }

  /** `message.deleted`: the message becomes a tombstone (no body, attachments or reactions). */
  markDeleted(seq: number): void {
    const node = this.bySeq.get(seq);
    const message = this.messages.get(seq);
    if (!node || !message || message.deletedAt) return;
    const tombstone = { ...message, body: '', attachments: [], reactions: {}, myReactions: [], replyTo: undefined, mentions: undefined, deletedAt: new Date().toISOString(), version: message.version + 1 };
    this.fill(node, tombstone);
    this.requote(tombstone);
  }

  /** `reaction.updated`, or the answer to my own reaction: the counts after the change, and `mine` (my reactions) from those shown. */
  setReactions(messageId: string, reactions: Record<string, number>, mine: (shown: string[]) => string[] = (shown) => shown): void {
    for (const [seq, message] of this.messages) {
      if (message.id === messageId) return void this.fill(this.bySeq.get(seq)!, { ...message, reactions, myReactions: mine(message.myReactions) });
    }
  }

  /** Read pointers moved (or the members changed): my messages' ticks follow. */
  refreshSeen(): void {
    for (const [seq, message] of this.messages) {
      if (message.senderId === this.meId) this.bySeq.get(seq)!.querySelector('.status')?.replaceWith(this.deliveredStatus(seq));
    }
  }

  /** Redraws a message's controls, e.g. after my role changed what I may do or my reaction changed. */
  redrawControls(): void {
    for (const [seq, message] of this.messages) this.drawControls(this.bySeq.get(seq)!, message);
  }

  /** My send that has no seq yet: sending (…), waiting for the connection, or failed (Retry). Stays below every confirmed message. */
  showPending(outgoing: Outgoing): void {
    let node = this.pending.get(outgoing.clientMessageId);
    if (!node) {
      node = this.shell(this.meId, outgoing.body, outgoing.createdAt);
      node.dataset.clientMessageId = outgoing.clientMessageId;
      drawMessageBody(node.querySelector<HTMLElement>('.body')!, outgoing.body, this.named(outgoing.mentions), this.meId);
      // The server quotes it once it has the reply; meanwhile the quote is made from the answered message, when shown.
      const answered = outgoing.replyTo === undefined ? undefined : [...this.messages.values()].find((m) => m.id === outgoing.replyTo);
      this.quotes.draw(node, answered && quoteOf(answered));
      this.pending.set(outgoing.clientMessageId, node);
      this.list.append(node);
      this.regroupAround(node);
    }
    node.dataset.status = outgoing.status;
    node.querySelector('.status')!.replaceWith(this.statusOf(outgoing));
  }

  removePending(clientMessageId: string): void {
    const node = this.pending.get(clientMessageId);
    if (!node) return;
    this.pending.delete(clientMessageId);
    const next = node.nextElementSibling;
    node.remove();
    if (next) this.regroupAround(next as HTMLElement);
  }

  /** Shows only the messages with these ids (a search in an E2EE conversation), or all again (null). My unconfirmed sends hide while filtering. */
  filter(messageIds: Set<string> | null): void {
    for (const [seq, message] of this.messages) this.bySeq.get(seq)!.hidden = !!messageIds && !messageIds.has(message.id);
    for (const node of this.pending.values()) node.hidden = !!messageIds;
  }

  /** Marks one message (a search result being opened), scrolls it to the middle and focuses it; false when it is not shown. */
  spotlight(seq: number): boolean {
    for (const node of Array.from(this.list.querySelectorAll('li.spotlight'))) node.classList.remove('spotlight');
    const node = this.bySeq.get(seq);
    if (!node) return false;
    node.classList.add('spotlight');
    this.bringIntoView(node);
    return true;
  }

  /** Marks one message for a moment (a quote of it was chosen), scrolls it to the middle and focuses it; false when it is not shown. */
  flash(seq: number): boolean {
    const node = this.bySeq.get(seq);
    if (!node || node.hidden) return false;
    if (this.flashing) {
      clearTimeout(this.flashing.timer);
      this.flashing.node.classList.remove('flash');
    }
    node.classList.add('flash');
    this.flashing = { node, timer: setTimeout(() => node.classList.remove('flash'), FLASH_MS) };
    this.bringIntoView(node);
    return true;
  }

  private bringIntoView(node: HTMLLIElement): void {
    node.tabIndex = -1;
    node.scrollIntoView({ block: 'center' });
    node.focus({ preventScroll: true });
  }

  /** Names and pictures arrive after the member list is (re)loaded; existing nodes pick them up. */
  refreshNames(): void {
    for (const node of Array.from(this.list.querySelectorAll<HTMLElement>('li.message'))) {
      const senderId = node.dataset.senderId!;
      const name = this.nameOf(senderId);
      node.querySelector('.sender')!.textContent = name;
      drawAvatar(node.querySelector<HTMLElement>('.avatar')!, name, this.avatarOf(senderId));
    }
    this.quotes.refresh(this.list);
    // Names of members mentioned become known (a member who just joined), or changed.
    for (const [seq, message] of this.messages) if (message.mentions) this.drawBody(this.bySeq.get(seq)!, message);
  }

  /** The members a message mentions, by the names this page knows them by. */
  private named(mentions: readonly string[] | undefined): NamedMember[] {
    return (mentions ?? []).flatMap((userId) => {
      const name = this.mentionedAs(userId);
      return name ? [{ userId, name }] : [];
    });
  }

  /** A shown message was edited or deleted: the replies to it shown quote it as it is now. */
  private requote(answered: Message): void {
    const quote = quoteOf(answered);
    for (const [seq, message] of this.messages) {
      if (!message.replyTo || message.replyTo.deleted || message.replyTo.id !== answered.id || sameQuote(message.replyTo, quote)) continue;
      this.messages.set(seq, { ...message, replyTo: quote });
      this.quotes.draw(this.bySeq.get(seq)!, quote);
    }
  }

  private confirmedNode(message: Message): HTMLLIElement {
    const node = this.shell(message.senderId, message.body, message.createdAt);
    this.bySeq.set(message.seq, node);
    return this.fill(node, message);
  }

  /**
   * Draws a confirmed message's current state into its node: seq, server time, body (or the
   * tombstone), the edited mark, attachments, reactions, actions, and the delivered tick on my own.
   */
  private fill(node: HTMLLIElement, served: Message): HTMLLIElement {
    // A message.created frame of an event written before myReactions existed comes without it.
    const message = { ...served, myReactions: served.myReactions ?? [] };
    this.messages.set(message.seq, message);
    node.dataset.seq = String(message.seq);
    node.dataset.messageId = message.id;
    node.dataset.clientMessageId = message.clientMessageId;
    node.dataset.status = 'delivered';
    node.dataset.createdAt = message.createdAt;
    const time = node.querySelector('time')!;
    time.dateTime = message.createdAt;
    time.title = fullTime(message.createdAt);
    time.textContent = shortTime(message.createdAt);
    this.drawContent(node, message);
    this.drawControls(node, message);
    const status = node.querySelector('.status');
    if (status) status.replaceWith(this.deliveredStatus(message.seq));
    return node;
  }

  /** Body (or the tombstone), the edited mark and attachments. */
  private drawContent(node: HTMLLIElement, message: Message): void {
    const body = node.querySelector<HTMLElement>('.body')!;
    node.classList.toggle('deleted', !!message.deletedAt);
    this.drawBody(node, message);
    this.quotes.draw(node, message.replyTo);
    node.querySelector('.edited')?.remove();
    if (message.editedAt && !message.deletedAt) node.querySelector('time')!.after(h('span', { class: 'edited', title: t('message.editedAt', { time: fullTime(message.editedAt) }) }, t('message.edited')));
    // Images as previews linking to full size, other files as download links (a tombstone has none).
    // Drawn once: an edit changes only the body, and redrawing would reload every image on each reaction.
    if (message.deletedAt) node.querySelector('.attachments')?.remove();
    else if (!node.querySelector('.attachments')) {
      const attachments = attachmentsNode(message.attachments);
      if (attachments) body.after(attachments);
    }
    if (message.deletedAt) {
      node.querySelector('.message-editor')?.remove();
      body.hidden = false;
    }
  }

  /** The text with its mentions marked, the tombstone, or the "cannot be decrypted" notice; and whether it mentions me (known even when its text is not). */
  private drawBody(node: HTMLLIElement, message: Message): void {
    const body = node.querySelector<HTMLElement>('.body')!;
    const unreadable = !message.deletedAt && this.unreadable(message.id);
    node.classList.toggle('undecryptable', unreadable);
    if (message.deletedAt || unreadable) body.textContent = message.deletedAt ? t('message.deleted') : t('e2ee.unreadable');
    else drawMessageBody(body, message.body, this.named(message.mentions), this.meId);
    markMentionsMe(node, !message.deletedAt && message.senderId !== this.meId && !!message.mentions?.includes(this.meId));
  }

  /** Reaction counts and the actions (none on a tombstone), keeping the focus of a keyboard user on the control they used. */
  private drawControls(node: HTMLLIElement, message: Message): void {
    const hadFocus = focusedControl(node);
    for (const old of Array.from(node.querySelectorAll('.reactions, .message-toolbar'))) old.remove();
    const bubble = node.querySelector<HTMLElement>('.bubble')!;
    const reactions = reactionsRow(message, this.controls);
    if (reactions) bubble.append(reactions);
    if (!message.deletedAt) bubble.append(messageToolbar(message, this.controls, () => this.startEdit(message.seq)));
    refocusControl(node, hadFocus);
  }

  /** The parts every message has; the body is a text node (never parsed as HTML). */
  private shell(senderId: string, body: string, createdAt: string): HTMLLIElement {
    const mine = senderId === this.meId;
    const name = this.nameOf(senderId);
    const avatar = h('span', { class: 'avatar', 'aria-hidden': 'true', style: `--hue: ${hueOf(senderId)}` });
    drawAvatar(avatar, name, this.avatarOf(senderId));
    const node = h(
      'li',
      { class: mine ? 'message mine' : 'message', 'data-sender-id': senderId, 'data-created-at': createdAt },
      avatar,
      h(
        'div',
        { class: 'bubble' },
        // Sender first, as a screen reader should say it; on my own bubbles CSS moves time and tick below the text.
        h(
          'div',
          { class: 'meta' },
          h('span', { class: 'sender', dir: 'auto' }, name),
          ' ',
          h('time', { datetime: createdAt, title: fullTime(createdAt) }, shortTime(createdAt)),
          mine ? h('span', { class: 'status' }) : null,
        ),
        h('p', { class: 'body', dir: 'auto' }, body),
      ),
    );
    return node;
  }

  /**
   * ✓ stored (on no other member's device yet, or on some: "Delivered to N of M"); ✓✓ delivered to
   * everyone else; ✓✓ with "Seen by N" once some have read it, in the read style with "Seen" once
   * everyone has. The words (title and for screen readers) say which; the ticks are decoration.
   */
  private deliveredStatus(seq: number): HTMLElement {
    const { names, everyone, deliveredTo, others } = this.seenBy(seq);
    if (names.length === 0) {
      const all = others > 0 && deliveredTo === others;
      const label = all ? t('message.deliveredToAll') : deliveredTo > 0 ? t('message.deliveredToCount', { count: deliveredTo, total: others }) : t('message.sent');
      return h(
        'span',
        { class: all ? 'status status-delivered' : 'status status-sent', title: label },
        h('span', { class: 'ticks', 'aria-hidden': 'true' }, all ? '✓✓' : '✓'),
        h('span', { class: 'visually-hidden' }, label),
      );
    }
    const shown = names.slice(0, SEEN_NAMES_SHOWN).join(', ');
    const listed = names.length > SEEN_NAMES_SHOWN ? t('message.namesAndMore', { names: shown, count: names.length - SEEN_NAMES_SHOWN }) : shown;
    return h(
      'span',
      { class: `status status-delivered status-seen${everyone ? ' status-read' : ''}`, title: t('message.seenByNames', { names: listed }) },
      h('span', { class: 'ticks', 'aria-hidden': 'true' }, '✓✓'),
      h('span', { class: 'seen-text', 'aria-hidden': 'true' }, everyone ? t('message.seen') : t('message.seenByCount', { count: names.length })),
      h('span', { class: 'visually-hidden' }, everyone ? t('message.readByAll', { names: listed }) : t('message.seenByNames', { names: listed })),
    );
  }

  /** Words are there for screen readers; the icons are decoration. */
  private statusOf(outgoing: Outgoing): HTMLElement {
    if (outgoing.status === 'sending') {
      const note = outgoing.attempt > 1 ? t('message.sendingTry', { attempt: outgoing.attempt }) : t('message.sending');
      return h('span', { class: 'status status-sending' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), note);
    }
    const discard = h('button', { type: 'button', class: 'button ghost small' }, t('message.discard'));
    discard.addEventListener('click', () => this.actions.discard(outgoing.clientMessageId));
    // Offline: it goes out by itself once the connection is back; until then it may still be given up.
    if (outgoing.status === 'waiting') return h('span', { class: 'status status-waiting' }, h('span', { class: 'waiting-text' }, t('message.waiting')), discard);
    const retry = h('button', { type: 'button', class: 'button small' }, t('message.retry'));
    retry.addEventListener('click', () => this.actions.retry(outgoing.clientMessageId));
    return h('span', { class: 'status status-failed' }, h('span', { class: 'failed-text' }, t('message.notSent', { reason: outgoing.error ?? t('message.tryLater') })), retry, discard);
  }

  /**
   * Opens the editor on my latest message I may edit (the Up arrow in an empty composer), brought
   * into view; `refocus` takes the focus once it closes. False when there is none shown.
   */
  editLatestMine(refocus: () => void): boolean {
    let latest: Message | undefined;
    for (const message of this.messages.values()) if ((!latest || message.seq > latest.seq) && this.controls.canEdit(message)) latest = message;
    if (!latest) return false;
    this.startEdit(latest.seq, refocus);
    this.bySeq.get(latest.seq)?.scrollIntoView({ block: 'nearest' });
    return true;
  }

  private startEdit(seq: number, refocus?: () => void): void {
    const node = this.bySeq.get(seq);
    const message = this.messages.get(seq);
    if (!node || !message) return;
    openEditor(
      node.querySelector<HTMLElement>('.bubble')!,
      message,
      () => this.messages.get(seq)?.version ?? message.version,
      async (body, version) => {
        const outcome = await this.controls.save(message, body, version);
        if (outcome.kind === 'saved') this.update(outcome.message);
        return outcome;
      },
      refocus,
    );
  }

  private insertBySeq(node: HTMLLIElement, seq: number): void {
    // Walk back from the newest confirmed message: live messages almost always go at the end.
    let before: Element | null = null;
    for (let cur = this.list.lastElementChild; cur; cur = cur.previousElementSibling) {
      if (cur === node) continue; // a confirmed send is moved from where it waited
      const curSeq = (cur as HTMLElement).dataset.seq;
      if (curSeq === undefined || Number(curSeq) > seq) before = cur;
      else break;
    }
    if (node.nextElementSibling !== before || node.parentElement !== this.list) this.list.insertBefore(node, before);
    this.regroupAround(node);
  }

  private regroupAround(node: Element): void {
    const index = Array.prototype.indexOf.call(this.list.children, node);
    this.regroup(Math.max(0, index), 2);
  }

  /** Marks messages that continue the previous one's group (same sender, within the window). */
  private regroup(from: number, count: number): void {
    const items = this.list.children;
    for (let i = from; i < Math.min(items.length, from + count); i++) {
      const cur = items[i] as HTMLElement;
      const prev = items[i - 1] as HTMLElement | undefined;
      const continued =
        !!prev &&
        prev.dataset.senderId === cur.dataset.senderId &&
        Math.abs(Date.parse(cur.dataset.createdAt!) - Date.parse(prev.dataset.createdAt!)) < GROUP_WINDOW_MS;
      cur.classList.toggle('continued', continued);
    }
  }
}

function sameReactions(a: Message, b: Message): boolean {
  const keys = Object.keys(a.reactions);
  const mine = new Set(a.myReactions);
  return keys.length === Object.keys(b.reactions).length && keys.every((k) => a.reactions[k] === b.reactions[k]) && mine.size === b.myReactions.length && b.myReactions.every((e) => mine.has(e));
}
