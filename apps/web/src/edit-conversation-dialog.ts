import type { Conversation } from '@chat/contracts';
import { byId } from './dom';
import { FormDialog } from './form-dialog';
import type { SessionApi } from './session-api';

/**
 * "Edit": the open group's or channel's name and description (`PATCH /v1/conversations/:id`).
 * A channel keeps a name (the field is required); an empty description removes it. The header
 * follows the `conversation.updated` frame every member gets; a refusal (name taken, too long,
 * not allowed) is said in the dialog.
 */
export class EditConversationDialog {
  private readonly form = new FormDialog('edit-conversation-dialog', 'edit-conversation-form', () => this.submit());
  private readonly name = byId<HTMLInputElement>('edit-conversation-name');
  private readonly description = byId<HTMLTextAreaElement>('edit-conversation-description');
  private conversation: Conversation | null = null;

  constructor(
    private readonly api: SessionApi,
    private readonly onSaved: (conversation: Conversation) => void,
  ) {}

  show(conversation: Conversation): void {
    this.conversation = conversation;
    this.name.value = conversation.name ?? '';
    this.name.required = conversation.type === 'channel';
    this.description.value = conversation.description ?? '';
    this.form.open(this.name);
  }

  private async submit(): Promise<void> {
    const conversation = this.conversation;
    if (!conversation) return;
    const name = this.name.value.trim();
    await this.form.submitting(async () => {
      const { conversation: saved } = await this.api.updateConversation(conversation.id, { ...(name ? { name } : {}), description: this.description.value.trim() });
      this.form.dialog.close();
      this.onSaved(saved);
    });
  }
}
