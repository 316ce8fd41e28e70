import type { Conversation, ConversationType, CreateConversationRequest, Visibility } from '@chat/contracts';
import { byId } from './dom';
import { FormDialog } from './form-dialog';
import type { PeoplePicker } from './people-picker';
import type { SessionApi } from './session-api';
import { t } from './i18n/active-locale';
import type { BrowserE2ee } from './e2ee/browser-e2ee';
import type { Notifier } from './notifier';
import { newClientMessageId } from './message-outbox';

/**
 * The `clientRequestId` of a create: fresh for each new submission, the same again when the same
 * request is submitted again after it failed (its answer may have been lost while the server made
 * the conversation), so the retry gets that conversation instead of a second one.
 */
export class SubmissionIds {
  private last: { key: string; id: string } | null = null;

  constructor(private readonly newId: () => string = newClientMessageId) {}

  for(request: unknown): string {
    const key = JSON.stringify(request);
    if (this.last?.key !== key) this.last = { key, id: this.newId() };
    return this.last.id;
  }

  /** A new dialog, or a create that succeeded: the next submission is a new one. */
  reset(): void {
    this.last = null;
  }
}

/** "New conversation": a channel by name, or a group or direct conversation with people found by name. */
export class CreateDialog {
  private readonly dialog = new FormDialog('create-dialog', 'create-form', () => this.submit());
  private readonly form = this.dialog.form;
  private readonly submissions = new SubmissionIds();

  constructor(
    private readonly api: SessionApi,
    private readonly e2ee: BrowserE2ee,
    private readonly people: PeoplePicker,
    private readonly onCreated: (conversation: Conversation) => void,
    private readonly notifier: Notifier,
  ) {
    byId('create-button').addEventListener('click', () => this.show());
    this.form.addEventListener('change', () => this.syncFields());
  }

  show(): void {
    this.form.reset();
    this.people.reset();
    this.submissions.reset();
    this.syncFields();
    this.dialog.open(byId('create-name'));
  }

  private get type(): ConversationType {
    return (new FormData(this.form).get('type') as ConversationType | null) ?? 'channel';
  }

  /** Shows the fields the chosen type uses; hidden ones are also left out of validation. */
  private syncFields(): void {
    const type = this.type;
    for (const field of Array.from(this.form.querySelectorAll<HTMLElement>('[data-types]'))) {
      const used = field.dataset.types!.split(' ').includes(type);
      field.hidden = !used;
      // Only a channel must be named; groups may stay unnamed (titled by their members).
      for (const input of Array.from(field.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input, textarea'))) {
        input.required = used && input.name === 'name' && type === 'channel';
      }
    }
  }

  private async submit(): Promise<void> {
    await this.dialog.submitting(async () => {
      const data = new FormData(this.form);
      const type = this.type;
      const memberIds = this.people.ids;
      const request: CreateConversationRequest =
        type === 'channel'
          ? { type, name: String(data.get('name')).trim(), description: String(data.get('description') ?? '').trim() || undefined, visibility: data.get('visibility') as Visibility }
          : type === 'group'
            ? { type, name: String(data.get('name')).trim() || undefined, memberIds }
            : { type, memberIds };
      if (type === 'direct' && memberIds.length !== 1) return this.dialog.showError(t('create.directNeedsOne'));
      if (type === 'group' && memberIds.length === 0) return this.dialog.showError(t('create.groupNeedsPeople'));
      // Only groups and direct conversations can be encrypted; the box keeps its tick while a channel is chosen.
      const encrypted = type !== 'channel' && data.get('e2ee') === 'on';
      request.clientRequestId = this.submissions.for({ request, encrypted });
      const { conversation, keyError } = encrypted ? await this.e2ee.createConversation(request) : { ...(await this.api.createConversation(request)), keyError: null };
      this.submissions.reset();
      this.dialog.close();
      this.onCreated(conversation);
      if (keyError) this.notifier.error(keyError, t('e2ee.firstKeyFailed'));
    });
  }
}
