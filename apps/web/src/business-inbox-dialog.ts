import type { Business, BusinessConversation, BusinessInboxQuery, User } from '@chat/contracts';
import type { BusinessApi } from './business-api';
import type { BusinessMemory } from './business-memory';
import { actionButton, agentName } from './business-ui';
import { byId, h } from './dom';
import { errorText } from './error-text';
import { fullTime, plural, shortTime } from './format';
import { LogPages } from './log-pages';

const PAGE = 20;
/**
 * The server's default BUSINESS_INBOX_MAX_LIMIT. The inbox route has no cursor, so no more than
 * this many of its most recently active conversations can be listed.
 */
const MOST = 200;

type Assigned = NonNullable<BusinessInboxQuery['assigned']>;
type InboxEntry = BusinessConversation & { id: string };

const EMPTY: Record<Assigned, string> = {
  any: 'No conversations yet: they arrive when customers message the business.',
  me: 'No conversations are assigned to you.',
  none: 'No conversation is waiting for an agent.',
};

/**
 * A business's inbox for its agents and owner (GET /v1/businesses/:id/inbox), most recently active
 * first, filtered by who has it, with more on demand. My conversations open in the conversation
 * pane; an agent claims any other; the owner hands one to any agent.
 */
export class BusinessInboxDialog {
  private readonly dialog = byId<HTMLDialogElement>('business-inbox-dialog');
  private readonly name = byId('business-inbox-name');
  private readonly filter = byId<HTMLSelectElement>('business-inbox-filter');
  private readonly status = byId('business-inbox-status');
  private readonly pages: LogPages<InboxEntry>;
  /** Conversations listed since the last fresh load: a longer page repeats them. */
  private readonly shown = new Set<string>();
  private business: Business | null = null;

  constructor(
    private readonly businesses: BusinessApi,
    private readonly memory: BusinessMemory,
    private readonly me: User,
    private readonly onOpen: (conversationId: string) => void,
  ) {
    this.pages = new LogPages(
      { entries: byId<HTMLUListElement>('business-inbox-entries'), more: byId<HTMLButtonElement>('business-inbox-more'), status: this.status },
      (before) => this.page(before),
      (e) => this.row(e),
      () => EMPTY[this.assigned],
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

  /**
   * The route has no cursor: each page asks for everything shown so far and a page more, and keeps
   * the conversations not shown yet (new messages reorder the inbox meanwhile, so skipping a count
   * could skip or repeat one).
   */
  private async page(before: string | undefined): Promise<{ entries: InboxEntry[]; hasMore: boolean }> {
    if (before === undefined) this.shown.clear();
    const limit = Math.min(this.shown.size + PAGE, MOST);
    const rows = await this.businesses.inbox(this.business!.id, { assigned: this.assigned, limit });
    const entries = rows.filter((r) => !this.shown.has(r.conversation.id)).map((r) => ({ ...r, id: r.conversation.id }));
    return { entries, hasMore: rows.length === limit && limit < MOST };
  }

  private row(e: InboxEntry): HTMLLIElement {
    this.shown.add(e.id);
    const business = this.business!;
    const mine = e.agentId === this.me.id;
    const who = e.agentId === null ? 'Waiting for an agent' : mine ? 'With you' : `With ${agentName(e.agentId, this.me, this.memory)}`;
    const started = e.conversation.createdAt;
    const row = h(
      'li',
      { class: 'browse-item', 'data-conversation-id': e.id },
      h(
        'div',
        { class: 'browse-text' },
        h('span', { class: 'browse-name', dir: 'auto' }, e.customerName),
        h(
          'span',
          { class: 'muted small-text' },
          `${who} · ${plural(e.conversation.lastSeq, 'message')} · started `,
          h('time', { datetime: started, title: fullTime(started) }, shortTime(started)),
        ),
      ),
    );
    const actions = h('span', { class: 'business-actions' });
    if (mine) actions.append(actionButton(`Open the conversation with ${e.customerName}`, 'Open', 'button primary small', () => this.open(e.id)));
    else if (business.agentIds?.includes(this.me.id)) actions.append(actionButton(`Claim the conversation with ${e.customerName}`, 'Claim', 'button primary small', (b) => void this.claim(e, b)));
    if (business.ownerId === this.me.id) actions.append(this.handOver(e, row));
    row.append(actions);
    return row;
  }

  /** The owner's "Hand over to": every agent but the one who has it now. */
  private handOver(e: InboxEntry, row: HTMLLIElement): HTMLElement {
    const others = (this.business!.agentIds ?? []).filter((id) => id !== e.agentId);
    if (others.length === 0) return h('span', { class: 'muted small-text' }, 'No other agent to hand it to');
    const selectId = `business-handover-${e.id}`;
    const select = h('select', { id: selectId }, ...others.map((id) => h('option', { value: id }, agentName(id, this.me, this.memory))));
    const go = actionButton(`Hand the conversation with ${e.customerName} over`, 'Hand over', 'button small', (button) =>
      void this.assign(e, button, select.value, (updated) => row.replaceWith(this.row({ ...updated, id: e.id }))),
    );
    return h('span', { class: 'business-handover' }, h('label', { for: selectId, class: 'small-text' }, 'To '), select, go);
  }

  private async claim(e: InboxEntry, button: HTMLButtonElement): Promise<void> {
    await this.assign(e, button, undefined, () => this.open(e.id));
  }

  private async assign(e: InboxEntry, button: HTMLButtonElement, agentId: string | undefined, then: (updated: BusinessConversation) => void): Promise<void> {
    button.setAttribute('aria-disabled', 'true');
    this.status.textContent = '';
    try {
      then(await this.businesses.assign(this.business!.id, e.id, agentId));
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
