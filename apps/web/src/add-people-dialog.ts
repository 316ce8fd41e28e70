import type { Conversation } from '@chat/contracts';
import { byId } from './dom';
import { errorText } from './error-text';
import type { PeoplePicker } from './people-picker';
import type { SessionApi } from './session-api';
import { t } from './i18n/active-locale';

/**
 * "Add people" for the open group or channel (`POST /v1/conversations/:id/members`, one call per
 * person, in the order chosen): people are found with the people picker, those already in are
 * not offered. A refusal (group full, banned, not allowed) stops there and is said in the dialog,
 * naming the person; whoever was added before it stays added and leaves the chosen list.
 */
export class AddPeopleDialog {
  private readonly dialog = byId<HTMLDialogElement>('add-people-dialog');
  private readonly form = byId<HTMLFormElement>('add-people-form');
  private readonly error = this.form.querySelector<HTMLElement>('.form-error')!;
  private conversation: Conversation | null = null;
  private busy = false;

  constructor(
    private readonly api: SessionApi,
    private readonly people: PeoplePicker,
    /** After people were added: `names` for the notice (members arrive by `member.joined` frames too). */
    private readonly onAdded: (conversation: Conversation, names: string[]) => void,
  ) {
    this.dialog.querySelectorAll('[data-close]').forEach((close) => close.addEventListener('click', () => this.dialog.close()));
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.submit();
    });
  }

  show(conversation: Conversation, memberIds: readonly string[]): void {
    this.conversation = conversation;
    this.people.reset(memberIds);
    this.showError('');
    this.dialog.showModal();
    byId('add-people-search').focus();
  }

  private async submit(): Promise<void> {
    const conversation = this.conversation;
    if (this.busy || !conversation) return;
    const chosen = this.people.people;
    if (chosen.length === 0) return this.showError(t('addPeople.noneChosen'));
    const submit = this.form.querySelector<HTMLButtonElement>('button[type="submit"]')!;
    submit.setAttribute('aria-disabled', 'true');
    this.busy = true;
    this.showError('');
    const added: string[] = [];
    try {
      for (const person of chosen) {
        try {
          await this.api.invite(conversation.id, person.id);
        } catch (err) {
          return this.showError(t('addPeople.failed', { name: person.displayName, error: errorText(err) }));
        }
        added.push(person.displayName);
        this.people.drop(person.id);
      }
      this.dialog.close();
    } finally {
      this.busy = false;
      submit.removeAttribute('aria-disabled');
      if (added.length) this.onAdded(conversation, added);
    }
  }

  private showError(text: string): void {
    this.error.textContent = text;
    this.error.hidden = !text;
  }
}
