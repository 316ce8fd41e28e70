import type { Conversation } from '@chat/contracts';
import { byId } from './dom';
import { errorText } from './error-text';
import type { SessionApi } from './session-api';

/**
 * "Edit": the open group's or channel's name and description (`PATCH /v1/conversations/:id`).
 * A channel keeps a name (the field is required); an empty description removes it. The header
 * follows the `conversation.updated` frame every member gets; a refusal (name taken, too long,
 * not allowed) is said in the dialog.
 */
export class EditConversationDialog {
  private readonly dialog = byId<HTMLDialogElement>('edit-conversation-dialog');
  private readonly form = byId<HTMLFormElement>('edit-conversation-form');
  private readonly name = byId<HTMLInputElement>('edit-conversation-name');
  private readonly description = byId<HTMLTextAreaElement>('edit-conversation-description');
  private readonly error = this.form.querySelector<HTMLElement>('.form-error')!;
  private conversation: Conversation | null = null;
  private busy = false;

  constructor(
    private readonly api: SessionApi,
    private readonly onSaved: (conversation: Conversation) => void,
  ) {
    this.dialog.querySelectorAll('[data-close]').forEach((close) => close.addEventListener('click', () => this.dialog.close()));
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.submit();
    });
  }

  show(conversation: Conversation): void {
    this.conversation = conversation;
    this.name.value = conversation.name ?? '';
    this.name.required = conversation.type === 'channel';
    this.description.value = conversation.description ?? '';
    this.showError('');
    this.dialog.showModal();
    this.name.focus();
  }

  private async submit(): Promise<void> {
    const conversation = this.conversation;
    if (this.busy || !conversation) return;
    const name = this.name.value.trim();
    this.busy = true;
    this.showError('');
    try {
      const { conversation: saved } = await this.api.updateConversation(conversation.id, { ...(name ? { name } : {}), description: this.description.value.trim() });
      this.dialog.close();
      this.onSaved(saved);
    } catch (err) {
      this.showError(errorText(err));
    } finally {
      this.busy = false;
    }
  }

  private showError(text: string): void {
    this.error.textContent = text;
    this.error.hidden = !text;
  }
}
