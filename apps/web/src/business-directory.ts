import type { Business, MyBusiness, PresenceStatus, User } from '@chat/contracts';
import { hoursSummary } from './business-hours';
import { BusinessInboxDialog } from './business-inbox-dialog';
import { BusinessSettingsDialog } from './business-settings-dialog';
import { actionButton } from './business-ui';
import type { ConversationDirectory } from './conversation-directory';
import { byId, debounce, h } from './dom';
import { errorText } from './error-text';
import { PeoplePicker } from './people-picker';
import type { SessionApi } from './session-api';
import { t } from './i18n/active-locale';
import type { MessageKey } from './i18n/catalogs';

/** Businesses found per page: enough to pick from while typing a name; more on demand. */
/** How present a business's agents are, as its row says it. */
const AGENTS_PRESENCE = { online: 'business.agentsOnline', away: 'business.agentsAway', offline: 'business.agentsOffline' } as const satisfies Record<PresenceStatus, MessageKey>;

const PAGE = 10;

/**
 * "Businesses": find a business by the start of its name or of a word in it (GET /v1/businesses?q=)
 * and message it; the businesses I own or am an agent of (GET /v1/me/businesses), with Inbox for
 * their agents and owner, Settings for the owner and Leave for an agent; and create one.
 */
export class BusinessDirectory {
  private readonly dialog = byId<HTMLDialogElement>('business-dialog');
  private readonly searchInput = byId<HTMLInputElement>('business-search');
  private readonly results = byId<HTMLUListElement>('business-results');
  private readonly moreResults = byId<HTMLButtonElement>('business-results-more');
  private readonly createForm = byId<HTMLFormElement>('business-create-form');
  private readonly createName = byId<HTMLInputElement>('business-create-name');
  private readonly status = byId('business-status');
  private readonly list = byId<HTMLUListElement>('business-list');
  private readonly inbox: BusinessInboxDialog;
  private readonly settings: BusinessSettingsDialog;
  /** Answers to an older search, or an older load of my businesses, are dropped when a newer one was started. */
  private search = 0;
  private load = 0;
  /** Where the shown results continue: the last page's nextCursor. */
  private nextCursor: string | null = null;
  private busy = false;

  constructor(
    private readonly api: SessionApi,
    private readonly me: User,
    private readonly directory: ConversationDirectory,
    private readonly onOpen: (conversationId: string) => void,
  ) {
    const open = (id: string) => {
      this.dialog.close();
      onOpen(id);
    };
    this.inbox = new BusinessInboxDialog(api, me, open);
    this.settings = new BusinessSettingsDialog(api, new PeoplePicker(api, me.id, 'business-agent-people'), me, (b) => this.replace(b));
    byId('business-button').addEventListener('click', () => void this.show());
    this.dialog.querySelector('[data-close]')!.addEventListener('click', () => this.dialog.close());
    this.searchInput.addEventListener('input', debounce(() => void this.find(false), 200));
    this.moreResults.addEventListener('click', () => void this.find(true));
    this.createForm.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.create();
    });
  }

  private async show(): Promise<void> {
    this.searchInput.value = '';
    this.results.replaceChildren();
    this.moreResults.hidden = true;
    this.createForm.reset();
    this.say('');
    this.dialog.showModal();
    this.searchInput.focus();
    await this.loadMine();
  }

  private async loadMine(): Promise<void> {
    const load = ++this.load;
    this.list.replaceChildren(h('li', { class: 'muted small-text' }, t('business.loadingMine')));
    try {
      const businesses: MyBusiness[] = [];
      // Every page: the list is short (an owner's or agent's own businesses), and shown whole.
      for (let cursor: string | undefined; ; ) {
        const page = await this.api.myBusinesses({ cursor });
        if (load !== this.load) return;
        businesses.push(...page.businesses);
        if (!page.hasMore || !page.nextCursor) break;
        cursor = page.nextCursor;
      }
      this.list.replaceChildren(...(businesses.length ? businesses.map((m) => this.row(m.business)) : [h('li', { class: 'muted small-text' }, t('business.noneMine'))]));
    } catch (err) {
      if (load === this.load) this.list.replaceChildren(h('li', { class: 'form-error' }, errorText(err)));
    }
  }

  /** A new search (the text changed), or its next page (`more`). */
  private async find(more: boolean): Promise<void> {
    const q = this.searchInput.value.trim();
    const search = more ? this.search : ++this.search;
    if (!more) this.nextCursor = null;
    if (!q) {
      this.moreResults.hidden = true;
      return this.results.replaceChildren();
    }
    try {
      const page = await this.api.searchBusinesses({ q, limit: PAGE, cursor: this.nextCursor ?? undefined });
      if (search !== this.search) return;
      const rows = page.businesses.map((b) => this.row(b));
      if (more) this.results.append(...rows);
      else this.results.replaceChildren(...(rows.length ? rows : [h('li', { class: 'muted small-text' }, t('business.noneFound', { q }))]));
      this.nextCursor = page.nextCursor;
      this.moreResults.hidden = !page.hasMore;
    } catch (err) {
      if (search === this.search) this.results.replaceChildren(h('li', { class: 'form-error' }, errorText(err)));
    }
  }

  private async create(): Promise<void> {
    await this.act(async () => {
      const { business } = await this.api.createBusiness({ name: this.createName.value.trim() });
      this.createForm.reset();
      this.replace(business);
      this.say(t('business.created', { name: business.name }));
      this.settings.show(business);
    });
  }

  /** Opens (or reopens: the server answers with the same one) my conversation with the business. */
  private async message(business: Business, button: HTMLButtonElement): Promise<void> {
    button.setAttribute('aria-disabled', 'true');
    await this.act(async () => {
      const { conversation } = (await this.api.openBusinessConversation(business.id)).businessConversation;
      this.directory.upsert(conversation);
      this.dialog.close();
      this.onOpen(conversation.id);
    });
    button.removeAttribute('aria-disabled');
  }

  /** I stop being one of the business's agents: it leaves my list, and the server routes my conversations there again. */
  private async leave(business: Business): Promise<void> {
    if (!confirm(t('business.confirmLeave', { name: business.name }))) return;
    await this.act(async () => {
      await this.api.removeBusinessAgent(business.id, this.me.id);
      this.list.querySelector(`[data-business-id="${business.id}"]`)?.remove();
      const mine = business.agentIds && business.agentIds.filter((id) => id !== this.me.id);
      this.results.querySelector(`[data-business-id="${business.id}"]`)?.replaceWith(this.row({ ...business, agentIds: mine }));
      this.say(t('business.left', { name: business.name }));
    });
  }

  /** The business changed here (created, saved, agents changed): its rows show it now, and it is first among mine. */
  private replace(business: Business): void {
    this.results.querySelector(`[data-business-id="${business.id}"]`)?.replaceWith(this.row(business));
    this.list.querySelector(`[data-business-id="${business.id}"]`)?.remove();
    this.list.querySelector('li:not([data-business-id])')?.remove(); // "You own no business…"
    this.list.prepend(this.row(business));
  }

  private row(b: Business): HTMLLIElement {
    const owner = b.ownerId === this.me.id;
    const agent = b.agentIds?.includes(this.me.id) ?? false;
    const role = owner ? t('business.youOwn') : agent ? t('business.youAreAgent') : '';
    const facts = [t(b.open ? 'business.openNow' : 'business.closedNow'), t(AGENTS_PRESENCE[b.presence]), hoursSummary(b.hours), role].filter(Boolean).join(' · ');
    const actions = h('span', { class: 'business-actions' });
    // The server refuses agents messaging their own business; an owner who is no agent may try it out.
    if (!agent) actions.append(actionButton(t('business.messageLabel', { name: b.name }), t('business.message'), 'button primary small', (button) => void this.message(b, button)));
    if (owner || agent) actions.append(actionButton(t('business.inboxLabel', { name: b.name }), t('business.inbox'), 'button small', () => void this.inbox.show(b)));
    if (owner) actions.append(actionButton(t('business.settingsLabel', { name: b.name }), t('business.settings'), 'button ghost small', () => this.settings.show(b)));
    // The owner stops working the inbox in Settings (and stays its owner); an agent leaves here.
    else if (agent) actions.append(actionButton(t('business.leaveLabel', { name: b.name }), t('business.leave'), 'button ghost small', () => void this.leave(b)));
    return h(
      'li',
      { class: 'browse-item', 'data-business-id': b.id },
      h('div', { class: 'browse-text' }, h('span', { class: 'browse-name', dir: 'auto' }, b.name), h('span', { class: 'muted small-text', dir: 'auto' }, facts)),
      actions,
    );
  }

  /** One request at a time from the dialog; what went wrong is said in it, not in a toast behind it. */
  private async act(action: () => Promise<void>): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.say('');
    try {
      await action();
    } catch (err) {
      this.say(errorText(err));
    } finally {
      this.busy = false;
    }
  }

  private say(text: string): void {
    this.status.textContent = text;
  }
}
