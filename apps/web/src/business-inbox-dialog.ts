import type { Business, BusinessConversation, BusinessConversationResponse, BusinessInboxQuery, User } from '@chat/contracts';
import { avatarNode } from './avatar';
import { actionButton, agentLabel } from './business-ui';
import { byId, h } from './dom';
import { errorText } from './error-text';
import { fullTime, shortTime } from './format';
import { LogPages } from './log-pages';
import type { SessionApi } from './session-api';
import { t } from './i18n/active-locale';
import type { MessageKey } from './i18n/catalogs';

const PAGE = 20;

type Assigned = NonNullable<BusinessInboxQuery['assigned']>;
type InboxEntry = BusinessConversation & { id: string };

const EMPTY = {
  any: 'inbox.emptyAny',
  me: 'inbox.emptyMine',
  none: 'inbox.emptyWaiting',
} as const satisfies Record<Assigned, MessageKey>;

/**
 * A business's inbox for its agents and owner (GET /v1/businesses/:id/inbox), most recently active
 * first, filtered by who has it, with more on demand. My conversations open in the conversation
 * pane; an agent claims one that waits; the owner hands one to any agent but its customer. The
 * agent who has one, and the owner, resolve it: it no longer counts toward its agent's load
 * (least-busy routing) until its customer writes again, which opens it (the server's rule).
 */
export class BusinessInboxDialog {
  private readonly dialog = byId<HTMLDialogElement>('business-inbox-dialog');
  private readonly name = byId('business-inbox-name');
  private readonly filter = byId<HTMLSelectElement>('business-inbox-filter');
  private readonly status = byId('business-inbox-status');
  private readonly pages: LogPages<InboxEntry>;
  /** Where the inbox continues: the last page's nextCursor. */
  private nextCursor: string | null = null;
  private business: Business | null = null;

  constructor(
    private readonly api: SessionApi,
    private readonly me: User,
    private readonly onOpen: (conversationId: string) => void,
  ) {
    this.pages = new LogPages(
      { entries: byId<HTMLUListElement>('business-inbox-entries'), more: byId<HTMLButtonElement>('business-inbox-more'), status: this.status },
      (before) => this.page(before),
      (e) => this.row(e),
      () => t(EMPTY[this.assigned]),
    );
    this.dialog.querySelector('[data-close]')!.addEventListener('click', () => this.dialog.close());
    this.filter.addEventListener('change', () => void this.pages.load(true));
    byId('business-inbox-refresh').addEventListener('click', () => void this.pages.load(true));
  }

  async show(business: Business): Promise<void> {
    this.business = business;
    this.name.textContent = business.name;
    this.filter.value = 'any';
    this.dialog.showModal();
    this.filter.focus();
    await this.pages.load(true);
  }

  private get assigned(): Assigned {
    return this.filter.value as Assigned;
  }

  /** A fresh load (`before` undefined) starts from the top; "More conversations" goes on from the last page's cursor. */
  private async page(before: string | undefined): Promise<{ entries: InboxEntry[]; hasMore: boolean }> {
    const cursor = before === undefined ? undefined : (this.nextCursor ?? undefined);
    const page = await this.api.businessInbox(this.business!.id, { assigned: this.assigned, limit: PAGE, cursor });
    this.nextCursor = page.nextCursor;
    return { entries: page.conversations.map((r) => ({ ...r, id: r.conversation.id })), hasMore: page.hasMore };
  }

  private row(e: InboxEntry): HTMLLIElement {
    const business = this.business!;
    const mine = e.agentId === this.me.id;
    const who = mine ? t('inbox.withYou') : e.agentName === null ? t('inbox.waiting') : t('inbox.withAgent', { name: e.agentName });
    const started = e.conversation.createdAt;
    const row = h(
      'li',
      { class: 'browse-item', 'data-conversation-id': e.id, 'data-resolved': e.resolvedAt !== null },
      avatarNode(e.customerId, e.customerName, e.customerAvatarUrl),
      h(
        'div',
        { class: 'browse-text' },
        h('span', { class: 'browse-name', dir: 'auto' }, e.customerName),
        h(
          'span',
          { class: 'muted small-text' },
          `${who} · `,
          ...(e.resolvedAt === null ? [] : [`${t('inbox.resolved')} `, timeNode(e.resolvedAt), ' · ']),
          `${t('inbox.messages', { count: e.conversation.lastSeq })} · ${t('inbox.started')} `,
          timeNode(started),
        ),
      ),
    );
    const actions = h('span', { class: 'business-actions' });
    if (mine) actions.append(actionButton(t('inbox.openLabel', { name: e.customerName }), t('browse.open'), 'button primary small', () => this.open(e.id)));
    // An agent claims only a conversation that waits (one another agent has is theirs: the server answers 409), never their own as its customer.
    else if (e.agentId === null && e.customerId !== this.me.id && business.agentIds?.includes(this.me.id)) actions.append(actionButton(t('inbox.claimLabel', { name: e.customerName }), t('inbox.claim'), 'button primary small', (b) => void this.claim(e, b)));
    // Resolving again would only move the point a customer's next message reopens it from.
    if (e.resolvedAt === null && (mine || business.ownerId === this.me.id)) actions.append(actionButton(t('inbox.resolveLabel', { name: e.customerName }), t('inbox.resolve'), 'button small', (b) => void this.resolve(e, b, row)));
    if (business.ownerId === this.me.id) actions.append(this.handOver(e, row));
    row.append(actions);
    return row;
  }

  /** The owner's "Hand over to": every agent but the one who has it now and the conversation's own customer. */
  private handOver(e: InboxEntry, row: HTMLLIElement): HTMLElement {
    const others = (this.business!.agents ?? []).filter((a) => a.id !== e.agentId && a.id !== e.customerId);
    if (others.length === 0) return h('span', { class: 'muted small-text' }, t('inbox.noOtherAgent'));
    const selectId = `business-handover-${e.id}`;
    const select = h('select', { id: selectId }, ...others.map((a) => h('option', { value: a.id }, agentLabel(a, this.me))));
    const go = actionButton(t('inbox.handOverLabel', { name: e.customerName }), t('inbox.handOver'), 'button small', (button) =>
      void this.assign(e, button, select.value, (updated) => row.replaceWith(this.row({ ...updated, id: e.id }))),
    );
    return h('span', { class: 'business-handover' }, h('label', { for: selectId, class: 'small-text' }, t('inbox.to')), select, go);
  }

  private async claim(e: InboxEntry, button: HTMLButtonElement): Promise<void> {
    await this.assign(e, button, undefined, () => this.open(e.id));
  }

  private async assign(e: InboxEntry, button: HTMLButtonElement, agentId: string | undefined, then: (updated: BusinessConversation) => void): Promise<void> {
    await this.act(button, () => this.api.assignBusinessConversation(this.business!.id, e.id, agentId ? { agentId } : {}), then);
  }

  /** The row is drawn again from the server's answer: resolved, since when, and no Resolve. */
  private async resolve(e: InboxEntry, button: HTMLButtonElement, row: HTMLLIElement): Promise<void> {
    await this.act(button, () => this.api.resolveBusinessConversation(this.business!.id, e.id), (updated) => {
      const redrawn = this.row({ ...updated, id: e.id });
      row.replaceWith(redrawn);
      // The pressed button is gone with its row: the keyboard goes on from the row's next control.
      redrawn.querySelector<HTMLElement>('button, select')?.focus();
      this.status.textContent = t('inbox.resolvedNotice', { name: e.customerName });
    });
  }

  /** One of a row's requests: its button ignores clicks meanwhile; a refusal is said in the dialog's status line. */
  private async act(button: HTMLButtonElement, request: () => Promise<BusinessConversationResponse>, then: (updated: BusinessConversation) => void): Promise<void> {
    button.setAttribute('aria-disabled', 'true');
    this.status.textContent = '';
    try {
      then((await request()).businessConversation);
    } catch (err) {
      this.status.textContent = errorText(err);
    } finally {
      button.removeAttribute('aria-disabled');
    }
  }

  private open(conversationId: string): void {
    this.dialog.close();
    this.onOpen(conversationId);
  }
}

function timeNode(iso: string): HTMLTimeElement {
  return h('time', { datetime: iso, title: fullTime(iso) }, shortTime(iso));
}
