import type { Conversation } from '@chat/contracts';
import { byId } from './dom';
import { errorText } from './error-text';
import { FormDialog } from './form-dialog';
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
  private readonly form = new FormDialog('add-people-dialog', 'add-people-form', () => this.submit());
  private conversation: Conversation | null = null;

  constructor(
    private readonly api: SessionApi,
    private readonly people: PeoplePicker,
    /** After people were added: `names` for the notice (members arrive by `member.joined` frames too). */
    private readonly onAdded: (conversation: Conversation, names: string[]) => void,
  ) {}

  show(conversation: Conversation, memberIds: readonly string[]): void {
    this.conversation = conversation;
    this.people.reset(memberIds);
    this.form.open(byId('add-people-search'));
  }

  private async submit(): Promise<void> {
    const conversation = this.conversation;
    if (!conversation) return;
    await this.form.submitting(async () => {
      const chosen = this.people.people;
      if (chosen.length === 0) return this.form.showError(t('addPeople.noneChosen'));
      const added: string[] = [];
      try {
        for (const person of chosen) {
          try {
            await this.api.invite(conversation.id, person.id);
          } catch (err) {
            return this.form.showError(t('addPeople.failed', { name: person.displayName, error: errorText(err) }));
          }
          added.push(person.displayName);
          this.people.drop(person.id);
        }
        this.form.close();
      } finally {
        if (added.length) this.onAdded(conversation, added);
      }
    });
  }
}
