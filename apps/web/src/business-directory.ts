import { ErrorCode, type Business, type User } from '@chat/contracts';
import { ChatApiError } from '@chat/sdk';
import { BusinessApi } from './business-api';
import { hoursSummary } from './business-hours';
import { BusinessInboxDialog } from './business-inbox-dialog';
import { BusinessMemory } from './business-memory';
import { BusinessSettingsDialog } from './business-settings-dialog';
import { actionButton } from './business-ui';
import type { ConversationDirectory } from './conversation-directory';
import { byId, h } from './dom';
import { errorText } from './error-text';
import { presenceText } from './format';
import { PeoplePicker } from './people-picker';
import type { SessionApi } from './session-api';

/** A pasted id with stray spaces or quotes around it still finds the business. */
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/**
 * "Businesses": find a business by its id (the API has no listing or search, so its id is what a
 * business shares), message it, and create one. The businesses this browser knows (created, looked
 * up, messaged) are listed with what I may do there: Message business as a customer, Inbox as its
 * agent or owner, Settings as its owner.
 */
export class BusinessDirectory {
  private readonly dialog = byId<HTMLDialogElement>('business-dialog');
  private readonly findForm = byId<HTMLFormElement>('business-find-form');
  private readonly findInput = byId<HTMLInputElement>('business-find-id');
  private readonly createForm = byId<HTMLFormElement>('business-create-form');
  private readonly createName = byId<HTMLInputElement>('business-create-name');
  private readonly status = byId('business-status');
  private readonly list = byId<HTMLUListElement>('business-list');
  private readonly businesses: BusinessApi;
  private readonly memory: BusinessMemory;
  private readonly inbox: BusinessInboxDialog;
  private readonly settings: BusinessSettingsDialog;
  /** The list's answers are dropped when a newer load was started. */
  private load = 0;
  private busy = false;

  constructor(
    api: SessionApi,
    private readonly me: User,
    private readonly directory: ConversationDirectory,
    private readonly onOpen: (conversationId: string) => void,
  ) {
    this.businesses = new BusinessApi(api);
    this.memory = new BusinessMemory(me.id);
    const open = (id: string) => {
      this.dialog.close();
      onOpen(id);
    };
    this.inbox = new BusinessInboxDialog(this.businesses, this.memory, me, open);
    this.settings = new BusinessSettingsDialog(this.businesses, this.memory, new PeoplePicker(api, me.id, 'business-agent-people'), me, (b) => this.replace(b));
    byId('business-button').addEventListener('click', () => void this.show());
    this.dialog.querySelector('[data-close]')!.addEventListener('click', () => this.dialog.close());
    this.findForm.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.find();
    });
    this.createForm.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.create();
    });
  }

  private async show(): Promise<void> {
    this.findForm.reset();
    this.createForm.reset();
    this.say('');
    this.dialog.showModal();
    this.findInput.focus();
    await this.loadKnown();
  }

  /** The remembered businesses as the server has them now; ones it no longer knows are forgotten. */
  private async loadKnown(): Promise<void> {
    const load = ++this.load;
    const ids = this.memory.ids;
    if (ids.length === 0) return this.list.replaceChildren(h('li', { class: 'muted small-text' }, 'No businesses yet: find one by its id, or create your own.'));
    this.list.replaceChildren(h('li', { class: 'muted small-text' }, 'Loading your businesses…'));
    const found = await Promise.allSettled(ids.map((id) => this.businesses.get(id)));
    if (load !== this.load) return;
    const rows = found.map((result, i) => {
      if (result.status === 'fulfilled') return this.row(result.value);
      if (isGone(result.reason)) {
        this.memory.forget(ids[i]);
        return null;
      }
      return h('li', { class: 'form-error' }, `${ids[i]}: ${errorText(result.reason)}`);
    });
    this.list.replaceChildren(...rows.filter((row): row is HTMLLIElement => row !== null));
  }

  private async find(): Promise<void> {
    const id = UUID.exec(this.findInput.value)?.[0];
    if (!id) return this.say('Paste the business’s id: 36 letters, digits and dashes, like 1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed.');
    await this.act(async () => {
      const business = await this.businesses.get(id);
      this.memory.remember(business.id);
      this.replace(business);
      this.findInput.value = '';
      this.list.querySelector<HTMLButtonElement>(`[data-business-id="${business.id}"] button`)?.focus();
    });
  }

  private async create(): Promise<void> {
    await this.act(async () => {
      const business = await this.businesses.create({ name: this.createName.value.trim() });
      this.memory.remember(business.id);
      this.createForm.reset();
      this.replace(business);
      this.say(`“${business.name}” is yours. Add its agents and hours in Settings.`);
      this.settings.show(business);
    });
  }

  /** Opens (or reopens: the server answers with the same one) my conversation with the business. */
  private async message(business: Business, button: HTMLButtonElement): Promise<void> {
    button.setAttribute('aria-disabled', 'true');
    await this.act(async () => {
      const { conversation } = await this.businesses.message(business.id);
      this.memory.remember(business.id);
      this.directory.upsert(conversation);
      this.dialog.close();
      this.onOpen(conversation.id);
    });
    button.removeAttribute('aria-disabled');
  }

  /** Shows the business first in the list, in place of its old row. */
  private replace(business: Business): void {
    this.list.querySelector(`[data-business-id="${business.id}"]`)?.remove();
    this.list.querySelector('li:not([data-business-id])')?.remove(); // "No businesses yet"
    this.list.prepend(this.row(business));
  }

  private row(b: Business): HTMLLIElement {
    const owner = b.ownerId === this.me.id;
    const agent = b.agentIds?.includes(this.me.id) ?? false;
    const role = owner ? 'You own it' : agent ? 'You are an agent' : '';
    const facts = [b.open ? 'Open now' : 'Closed now', `agents ${presenceText(b.presence, null).toLowerCase()}`, hoursSummary(b.hours), role].filter(Boolean).join(' · ');
    const actions = h('span', { class: 'business-actions' });
    // The server refuses agents messaging their own business; an owner who is no agent may try it out.
    if (!agent) actions.append(actionButton(`Message ${b.name}`, 'Message business', 'button primary small', (button) => void this.message(b, button)));
    if (owner || agent) actions.append(actionButton(`Inbox of ${b.name}`, 'Inbox', 'button small', () => void this.inbox.show(b)));
    if (owner) actions.append(actionButton(`Settings of ${b.name}`, 'Settings', 'button ghost small', () => this.settings.show(b)));
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

/** The business was deleted or never existed here: nothing to retry. */
function isGone(err: unknown): boolean {
  return err instanceof ChatApiError && err.code === ErrorCode.BUSINESS_NOT_FOUND;
}
